// Durable Task Scheduler: the managed Durable Functions backend (journeys), with one task hub. Access is by the
// app's identity only (role in rbac.bicep); the allow list admits every address because identity is the gate.
param name string
param location string
param tags object

@allowed(['Consumption', 'Dedicated'])
param skuName string

@description('Capacity units of a Dedicated scheduler; ignored for Consumption.')
@minValue(1)
param dedicatedCapacity int

param taskHubName string

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: skuName == 'Dedicated' ? { name: skuName, capacity: dedicatedCapacity } : { name: skuName }
    // An empty list denies every caller; access is decided by Entra ID roles instead.
    ipAllowlist: ['0.0.0.0/0']
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

output name string = scheduler.name
output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name
