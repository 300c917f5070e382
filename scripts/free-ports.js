// Prints N free TCP ports on 127.0.0.1 (default 3), space-separated: the OS picks them, so parallel runs never clash.
const net = require('net');
const count = Number(process.argv[2] || 3);
const servers = [];
const ports = [];
for (let i = 0; i < count; i++) {
  ports.push(new Promise((resolve) => {
    const server = net.createServer();
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  }));
}
Promise.all(ports).then((found) => {
  servers.forEach((s) => s.close());
  console.log(found.join(' '));
});
