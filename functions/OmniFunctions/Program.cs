using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OmniFunctions.Adapters;
using OmniFunctions.Core;
using OmniFunctions.Core.Interactions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddOmniCore()
    .AddInteractionTransport<ServiceBusInteractionQueue>(InteractionTransport.ServiceBus)
    .AddAcsEmail()
    .AddHubTelemetry(builder.Configuration);

// "ServiceBus" is also the trigger's connection: ServiceBus__fullyQualifiedNamespace (+ __credential/__clientId) in Azure.
builder.Services.AddAzureClients(clients => clients.AddServiceBusClient(builder.Configuration.GetSection("ServiceBus")));

builder.Build().Run();
