using System.Text;
using Microsoft.Extensions.Logging;

namespace OmniFunctions.Core.Security;

/// <summary>
/// Checks the secrets an options section was bound with. A secret that is blank, an unresolved Key Vault
/// reference, shorter than <see cref="MinBytes"/> or malformed is dropped with one warning naming the setting,
/// so only what needs it stays closed. An empty value means "not set" and is dropped silently.
/// </summary>
internal sealed partial class SecretCheck(ILogger logger, string section)
{
    /// <summary>Standard Webhooks asks for 24 to 64 random bytes; we hold every secret to the same floor.</summary>
    public const int MinBytes = 24;

    // App Service passes the reference text itself when it cannot resolve it, and anyone can rebuild that text.
    private const string KeyVaultReference = "@Microsoft.KeyVault(";

    /// <summary>The secret when it can be trusted, else null.</summary>
    /// <param name="keyBytes">The key the secret stands for (e.g. base64-decoded), or null when it is malformed; UTF-8 by default.</param>
    public string? Usable(string? value, string name, Func<string, byte[]?>? keyBytes = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var problem = Problem(value, keyBytes ?? Encoding.UTF8.GetBytes);
        if (problem is null)
        {
            return value;
        }

        LogUnusable(logger, section + ":" + name, problem);
        return null;
    }

    internal static string? Problem(string value, Func<string, byte[]?> keyBytes)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is blank";
        }

        if (value.TrimStart().StartsWith(KeyVaultReference, StringComparison.OrdinalIgnoreCase))
        {
            return "is a Key Vault reference that did not resolve (is the secret set and can the app's identity read it?)";
        }

        if (value.Trim().Length != value.Length)
        {
            return "has leading or trailing white space";
        }

        return keyBytes(value) switch
        {
            null => "is malformed",
            { Length: < MinBytes } => $"is shorter than {MinBytes} bytes",
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The setting {Setting} {Problem}: it is ignored, and what needs it stays closed")]
    private static partial void LogUnusable(ILogger logger, string setting, string problem);
}
