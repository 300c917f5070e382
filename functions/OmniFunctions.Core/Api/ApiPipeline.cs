using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Api;

/// <summary>
/// The one path every HTTP route takes: authentication for the operator and marketer APIs, and the one place that
/// turns a failure into problem+json. An unexpected exception is logged and answered 500 without its internals.
/// </summary>
public sealed partial class ApiPipeline(BearerAuthenticator authenticator, ILogger<ApiPipeline> logger)
{
    /// <summary>Authenticates the caller for <paramref name="role"/>, then runs <paramref name="action"/>.</summary>
    public Task<IResult> RunAsync(HttpRequest request, string role, Func<Caller, Task<IResult>> action, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            var (caller, problem) = await authenticator.AuthenticateAsync(request, role, cancellationToken).ConfigureAwait(false);
            return problem ?? await action(caller!).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Runs <paramref name="action"/>; what it throws becomes a problem+json answer.</summary>
    public async Task<IResult> GuardAsync(Func<Task<IResult>> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ProfileNotFoundException)
        {
            return Problems.NotFound("No such profile.");
        }
        catch (ProfileConflictException conflict)
        {
            return Problems.Of(StatusCodes.Status409Conflict, conflict.Message);
        }
        catch (Templates.TemplateTooLargeException tooLarge)
        {
            return Problems.PayloadTooLarge(tooLarge.Message);
        }
        catch (JourneyTooLargeException tooLarge)
        {
            return Problems.PayloadTooLarge(tooLarge.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;  // the caller went away; there is no one to answer
        }
        catch (Exception unexpected)
        {
            LogUnhandled(logger, unexpected.GetType().Name, unexpected);
            return Problems.Of(StatusCodes.Status500InternalServerError, "The request failed on our side. It was logged; try again later.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An HTTP request failed with {ExceptionType}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, Exception exception);
}
