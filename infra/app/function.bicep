// Flex Consumption plan + Function App (dotnet-isolated), deployed from a blob container, every connection by identity.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param serviceBusNamespaceName string
param keyVaultName string
param emailEndpoint string
param emailSender string

@description('Application (client) id of the hub\'s Entra app registration, for the operator and marketer APIs.')
param apiClientId string

@description('The Durable Task Scheduler endpoint journeys run on; empty for the storage-account backend (host.json as is).')
param durableSchedulerEndpoint string

param durableTaskHubName string

@description('The business\'s website, linked from marketing emails; empty for none.')
param websiteUrl string = ''

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// Journeys on the Durable Task Scheduler: host.json keeps the storage-account backend as its default, and these
// settings override its storage provider (AzureFunctionsJobHost__…), so one build runs on either backend.
var durableSchedulerSettings = empty(durableSchedulerEndpoint) ? {} : {
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
  TASKHUB_NAME: durableTaskHubName
  AzureFunctionsJobHost__extensions__durableTask__hubName: durableTaskHubName
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(durableSchedulerSettings, empty(websiteUrl) ? {} : { Email__WebsiteUrl: websiteUrl }, {
      // Host storage, Durable Functions and our tables: identity-based, no account key.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
      // Service Bus trigger and sender.
      ServiceBus__fullyQualifiedNamespace: '${serviceBusNamespaceName}.servicebus.windows.net'
      ServiceBus__credential: 'managedidentity'
      ServiceBus__clientId: identityClientId
      Interactions__Transport: 'ServiceBus'
      Interactions__QueueName: 'interactions'
      // Interactions arrive on Service Bus in Azure; the Storage-queue trigger is for local runs.
      'AzureWebJobs.ProcessStorageQueueInteraction.Disabled': 'true'
      // Operator and marketer APIs: Entra ID bearer tokens for the hub's app registration.
      AzureAd__Instance: environment().authentication.loginEndpoint
      AzureAd__TenantId: tenant().tenantId
      AzureAd__ClientId: apiClientId
      Profiles__SuppressionKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=suppression-key)'
      // Application Insights with Entra ID ingestion (local auth is off, so the connection string holds no secret).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // Email through ACS with the same identity.
      Email__Endpoint: emailEndpoint
      Email__Sender: emailSender
      Email__credential: 'managedidentity'
      Email__clientId: identityClientId
      // One-click unsubscribe links (app/email-events.bicep writes the key) point at the hub's own host.
      Email__UnsubscribeKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=unsubscribe-key)'
      Email__PublicBaseUrl: 'https://${name}.azurewebsites.net'
      // The Event Grid subscription's delivery secret (app/email-events.bicep writes it).
      Channels__Email__EventGridSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=email-events-secret)'
      // Channel secrets: Key Vault references; set the secrets after `azd up` (README "Deploy").
      Channels__SiteChat__Secrets__0: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=sitechat-secret)'
      Channels__SiteChat__IdentitySecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=sitechat-identity-secret)'
      Channels__Telegram__SecretToken: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=telegram-secret-token)'
      Channels__WhatsApp__AppSecret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=whatsapp-app-secret)'
      Channels__WhatsApp__VerifyToken: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=whatsapp-verify-token)'
      Channels__Viber__AuthToken: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=viber-auth-token)'
      Channels__CallCenter__Secrets__0: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=callcenter-secret)'
      Channels__Twilio__AuthToken: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=twilio-auth-token)'
      Channels__Twilio__PublicBaseUrl: 'https://${name}.azurewebsites.net'
      // The signed conversions webhook (systems without Entra ID); closed until the secret is set.
      Attribution__WebhookSecrets__0: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=conversions-webhook-secret)'
    })
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
