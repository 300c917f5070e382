using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Telemetry;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

public sealed record ProcessingOutcome(ProcessingResult Result, string? ProfileId);
