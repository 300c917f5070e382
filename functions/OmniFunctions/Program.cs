using Azure.Communication.Email;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Hosting;
using OmniFunctions.Adapters;
using OmniFunctions.Core;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Storage;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddOmniCore(builder.Configuration)
    .AddInteractionTransport<ServiceBusInteractionQueue>(InteractionTransport.ServiceBus, builder.Configuration);

builder.Services.AddEmailTransport<AcsEmailSender>(remote: true, builder.Configuration);

// "ServiceBus" is also the trigger's connection: ServiceBus__fullyQualifiedNamespace (+ __credential/__clientId) in Azure.
builder.Services.AddAzureClients(clients => clients.AddServiceBusClient(builder.Configuration.GetSection("ServiceBus")));
builder.Services.AddSingleton(_ => new EmailClient(
    builder.Configuration.GetSection(EmailOptions.SectionName).GetValue<Uri>(nameof(EmailOptions.Endpoint))!,
    StorageConnection.Credential(builder.Configuration.GetSection(EmailOptions.SectionName))));

builder.Build().Run();
