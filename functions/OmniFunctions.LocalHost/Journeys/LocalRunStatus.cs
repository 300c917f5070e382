using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.LocalHost.Journeys;

public enum LocalRunStatus
{
    Running,
    Completed,
    Failed,
    Terminated,
}
