// OmniFunctions: everything the hub needs, wired by one user-assigned managed identity. No keys in app settings.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

@description('Object id of the deploying user or pipeline, granted data access for local development and secret management. Empty to skip.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Application (client) id of the hub\'s Entra app registration (README "Deploy"); empty until you create it.')
param apiClientId string = ''

@description('Where ACS stores email data at rest.')
param emailDataLocation string = 'Europe'

@description('Durable Functions backend for journeys: the managed Durable Task Scheduler (recommended, default) or the Azure Storage account.')
@allowed(['scheduler', 'storage'])
param durableBackend string = 'scheduler'

@description('Durable Task Scheduler SKU: Consumption (pay per action) or Dedicated (reserved capacity units).')
@allowed(['Consumption', 'Dedicated'])
param durableSchedulerSku string = 'Consumption'

@minValue(1)
param durableSchedulerCapacity int = 1

@secure()
@description('Seed of the Event Grid delivery secret of the email webhook: azd secretOrRandomPassword, read back from Key Vault (main.parameters.json).')
param emailEventsSeed string

@secure()
@description('Seed of the unsubscribe link signing key: azd secretOrRandomPassword, read back from Key Vault.')
param unsubscribeKeySeed string

@description('Subscribe the hub to ACS email events (needs the hub\'s code running: the postdeploy hook sets OMNI_EMAIL_EVENTS after the first deploy).')
param subscribeEmailEvents bool = false

@description('The business\'s website, linked from marketing emails (the built-in follow-up\'s "link below"); empty for none.')
param websiteUrl string = ''

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${take(functionAppName, 32)}'
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
  }
}

module communication 'app/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    communicationServiceName: '${abbrs.communicationServices}${resourceToken}'
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    dataLocation: emailDataLocation
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

module durableScheduler 'app/durable-scheduler.bicep' = if (durableBackend == 'scheduler') {
  name: 'durable-scheduler'
  scope: rg
  params: {
    name: '${abbrs.durableTaskSchedulers}${resourceToken}'
    location: location
    tags: tags
    skuName: durableSchedulerSku
    dedicatedCapacity: durableSchedulerCapacity
    taskHubName: 'omnihub'
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServiceName: communication.outputs.communicationServiceName
    durableSchedulerName: durableBackend == 'scheduler' ? durableScheduler!.outputs.name : ''
  }
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    emailEndpoint: communication.outputs.endpoint
    emailSender: communication.outputs.senderAddress
    apiClientId: apiClientId
    durableSchedulerEndpoint: durableBackend == 'scheduler' ? durableScheduler!.outputs.endpoint : ''
    durableTaskHubName: durableBackend == 'scheduler' ? durableScheduler!.outputs.taskHubName : ''
    websiteUrl: websiteUrl
  }
  // Role assignments first, so the host can reach storage the moment it starts.
  dependsOn: [rbac]
}

module emailEvents 'app/email-events.bicep' = {
  name: 'email-events'
  scope: rg
  params: {
    communicationServiceName: communication.outputs.communicationServiceName
    keyVaultName: keyVault.outputs.name
    tags: tags
    endpointUrl: '${function.outputs.uri}/api/webhooks/email'
    emailEventsSeed: emailEventsSeed
    unsubscribeKeySeed: unsubscribeKeySeed
    subscribe: subscribeEmailEvents
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output AZURE_FUNCTION_URI string = function.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_COMMUNICATION_ENDPOINT string = communication.outputs.endpoint
output AZURE_EMAIL_SENDER string = communication.outputs.senderAddress
output AZURE_EMAIL_EVENTS_TOPIC string = emailEvents.outputs.systemTopicName
output AZURE_DURABLE_BACKEND string = durableBackend
output AZURE_DURABLE_SCHEDULER_ENDPOINT string = durableBackend == 'scheduler' ? durableScheduler!.outputs.endpoint : ''
