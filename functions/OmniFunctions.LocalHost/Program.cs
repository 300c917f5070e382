using OmniFunctions.LocalHost;

// The local host (./run.sh without Core Tools): http://127.0.0.1:7071/api/... as in the Functions app.
await LocalHostApp.Create(args).RunAsync();
