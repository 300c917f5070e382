// Azure Communication Services with an Email service and an Azure-managed sender domain (DoNotReply@…).
param communicationServiceName string
param emailServiceName string
param dataLocation string
param tags object
param senderDisplayName string = 'OmniFunctions'

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  resource domain 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      // Opens and clicks become Event Grid engagement reports (app/email-events.bicep); ACS tracks HTML mail only.
      userEngagementTracking: 'Enabled'
    }

    resource sender 'senderUsernames' = {
      name: 'donotreply'
      properties: {
        username: 'DoNotReply'
        displayName: senderDisplayName
      }
    }
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [emailService::domain.id]
    disableLocalAuth: true
  }
}

output communicationServiceName string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output senderAddress string = '${emailService::domain::sender.properties.username}@${emailService::domain.properties.mailFromSenderDomain}'
