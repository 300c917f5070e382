using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Channels.Email;

/// <summary>
/// Signed one-click unsubscribe links (RFC 8058). A token names the email address, not the profile: it keeps working
/// after merges and says nothing about the hub's ids. <c>v1.{base64url(address)}.{base64url(HMAC-SHA256(key,
/// "v1\nunsubscribe\n{purpose}\n{address}"))}</c>: the version and purpose are signed, so a token cannot be moved to
/// another address, purpose or format; verification compares in constant time.
/// </summary>
public sealed class UnsubscribeLinks(IOptions<EmailOptions> options, ILoggerFactory loggers)
{
    private const string Version = "v1";
    private const int MaxTokenLength = 1024;

    private readonly EmailOptions settings = options.Value;

    // Checked here, once (this is a singleton the email sender needs at start): an unusable key is one warning, and no link.
    private readonly string? key = new SecretCheck(loggers.CreateLogger<SecretCheck>(), EmailOptions.SectionName)
        .Usable(options.Value.UnsubscribeKey, nameof(EmailOptions.UnsubscribeKey));

    /// <summary>Both a usable key and the public base URL are configured.</summary>
    public bool IsEnabled => key is not null && settings.PublicBaseUrl is not null;

    /// <summary>The link that withdraws marketing consent for <paramref name="address"/>; null while not enabled.</summary>
    public Uri? For(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsEnabled)
        {
            return null;
        }

        var token = Version + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(address)) + "." + Base64Url.EncodeToString(Mac(address));
        return new Uri(settings.PublicBaseUrl!, "/api/" + ApiRoutes.UnsubscribePrefix + "/" + token);
    }

    /// <summary>The address a genuine token names; null for anything forged, altered, malformed or while not enabled.</summary>
    public string? Verify(string? token)
    {
        if (!IsEnabled || string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts is not [Version, var encodedAddress, var encodedMac])
        {
            return null;
        }

        try
        {
            var address = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encodedAddress));
            var presented = Base64Url.DecodeFromChars(encodedMac);
            return CryptographicOperations.FixedTimeEquals(presented, Mac(address)) ? address : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Mac(string address) => HMACSHA256.HashData(
        Encoding.UTF8.GetBytes(key!),
        Encoding.UTF8.GetBytes(Version + "\nunsubscribe\n" + ConsentPurposes.Marketing + "\n" + address));
}
