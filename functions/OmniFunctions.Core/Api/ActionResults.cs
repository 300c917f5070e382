using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OmniFunctions.Core.Api;

/// <summary>
/// Core handlers return minimal-API <see cref="IResult"/>s; the Functions ASP.NET Core integration executes
/// <see cref="IActionResult"/>s only, so the app wraps them with this.
/// </summary>
public static class ActionResults
{
    public static IActionResult AsActionResult(this IResult result) => new ResultAction(result);

    public static async Task<IActionResult> AsActionResult(this Task<IResult> result) =>
        new ResultAction(await result.ConfigureAwait(false));

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
