// Email engagement: the secrets the hub's email webhook and unsubscribe links need (kept in Key Vault, where azd reads
// the seeds back next time: main.parameters.json), and the Event Grid system topic on ACS whose subscription delivers
// delivery and engagement reports to the hub's email webhook in the Event Grid event schema.
param communicationServiceName string
param keyVaultName string
param tags object

@secure()
@description('https URL of the hub\'s email webhook (api/webhooks/email); Event Grid treats webhook URLs as secrets.')
param endpointUrl string

@secure()
@description('azd secretOrRandomPassword (15 characters); the delivery secret is derived from it, at least 24 bytes as the hub requires.')
param emailEventsSeed string

@secure()
@description('azd secretOrRandomPassword; the unsubscribe link signing key is derived from it. Kept stable: a new key voids every link already sent.')
param unsubscribeKeySeed string

@description('Create the event subscription. Event Grid validates the webhook when the subscription is created, so the hub\'s code must already answer: azure.yaml\'s postdeploy hook turns this on after the first deploy.')
param subscribe bool

// Deterministic in the seed, so provisioning again keeps the values the app and the subscription already use.
var deliverySecret = '${emailEventsSeed}.${uniqueString(emailEventsSeed, 'email-events')}${uniqueString('email-events', emailEventsSeed)}'
var unsubscribeKey = '${unsubscribeKeySeed}.${uniqueString(unsubscribeKeySeed, 'unsubscribe')}${uniqueString('unsubscribe', unsubscribeKeySeed)}'

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName

  resource eventsSeed 'secrets' = {
    name: 'email-events-seed'
    properties: { value: emailEventsSeed }
  }

  resource eventsSecret 'secrets' = {
    name: 'email-events-secret'
    properties: { value: deliverySecret }
  }

  resource linkSeed 'secrets' = {
    name: 'unsubscribe-key-seed'
    properties: { value: unsubscribeKeySeed }
  }

  resource linkKey 'secrets' = {
    name: 'unsubscribe-key'
    properties: { value: unsubscribeKey }
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: communicationServiceName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${communicationServiceName}-events'
  location: 'global'
  tags: tags
  properties: {
    source: communicationService.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }

  resource emailEvents 'eventSubscriptions' = if (subscribe) {
    name: 'hub-email-events'
    properties: {
      destination: {
        endpointType: 'WebHook'
        properties: {
          endpointUrl: endpointUrl
          maxEventsPerBatch: 10
          preferredBatchSizeInKilobytes: 64
          // Event Grid signs nothing: this header, sent with the validation handshake too, is what the hub checks.
          deliveryAttributeMappings: [
            {
              name: 'X-Omni-EventGrid-Secret'
              type: 'Static'
              properties: {
                value: deliverySecret
                isSecret: true
              }
            }
          ]
        }
      }
      eventDeliverySchema: 'EventGridSchema'
      filter: {
        includedEventTypes: [
          'Microsoft.Communication.EmailDeliveryReportReceived'
          'Microsoft.Communication.EmailEngagementTrackingReportReceived'
        ]
      }
      retryPolicy: {
        maxDeliveryAttempts: 30
        eventTimeToLiveInMinutes: 1440
      }
    }
    dependsOn: [keyVault::eventsSecret]
  }
}

output systemTopicName string = topic.name
