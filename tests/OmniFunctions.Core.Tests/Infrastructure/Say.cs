using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>Provider payloads for scenario tests, shaped like the documented examples under Payloads/.</summary>
public static class Say
{
    private static long updateId = 20_000;

    public static byte[] SiteChat(string visitorId, string text, DateTimeOffset at, string? claimedEmail = null, string? claimedPhone = null,
        string? userId = null, string? userEmail = null, string? userPhone = null, string? name = null, bool legacyHash = false) => Json(new
    {
        type = "message.created",
        timestamp = at,
        data = new
        {
            conversationId = "conv-" + visitorId,
            messageId = "m-" + Guid.NewGuid().ToString("N"),
            visitor = new { id = visitorId, name, email = claimedEmail, phone = claimedPhone, locale = "de-DE", timeZone = "Europe/Berlin" },
            identity = userId is null ? null : new
            {
                userId,
                email = userEmail,
                phone = userPhone,
                hash = legacyHash ? LegacyIdentityHash(userId) : IdentityHash(userId, userEmail, userPhone),
            },
            text,
        },
    });

    /// <summary>The documented v2 identity hash (docs/webhooks/site-chat.md), computed here independently of Core.</summary>
    public static string IdentityHash(string userId, string? email, string? phone) =>
        "v2," + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(TestHub.SiteIdentitySecret), Encoding.UTF8.GetBytes($"v2\n{userId}\n{email}\n{phone}")));

    /// <summary>The legacy (v1) hash: the user id alone.</summary>
    public static string LegacyIdentityHash(string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestHub.SiteIdentitySecret), Encoding.UTF8.GetBytes(userId)));

    public static byte[] Telegram(long userId, string? text, DateTimeOffset at, string? sharedOwnPhone = null) => Json(new
    {
        update_id = Interlocked.Increment(ref updateId),
        message = new
        {
            message_id = Interlocked.Increment(ref updateId),
            date = at.ToUnixTimeSeconds(),
            chat = new { id = userId, type = "private", first_name = "Anna" },
            from = new { id = userId, is_bot = false, first_name = "Anna", last_name = "Schmidt", language_code = "de" },
            text,
            contact = sharedOwnPhone is null ? null : new { phone_number = sharedOwnPhone, first_name = "Anna", user_id = userId },
        },
    });

    /// <summary>A private message from a user with an @username, as in the Bot API's User object.</summary>
    public static byte[] TelegramWithUsername(long userId, string username, DateTimeOffset at) => Json(new
    {
        update_id = Interlocked.Increment(ref updateId),
        message = new
        {
            message_id = Interlocked.Increment(ref updateId),
            date = at.ToUnixTimeSeconds(),
            chat = new { id = userId, type = "private", first_name = "Anna", username },
            from = new { id = userId, is_bot = false, first_name = "Anna", username, language_code = "de" },
            text = "hi",
        },
    });

    public static byte[] WhatsApp(string waId, string text, DateTimeOffset at, string? messageId = null) => Json(new
    {
        @object = "whatsapp_business_account",
        entry = new[]
        {
            new
            {
                id = "102290129340398",
                changes = new[]
                {
                    new
                    {
                        field = "messages",
                        value = new
                        {
                            messaging_product = "whatsapp",
                            metadata = new { display_phone_number = "15550783881", phone_number_id = "106540352242922" },
                            contacts = new[] { new { profile = new { name = "Anna S." }, wa_id = waId } },
                            messages = new[]
                            {
                                new { from = waId, id = messageId ?? "wamid." + Guid.NewGuid().ToString("N"), timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), type = "text", text = new { body = text } },
                            },
                        },
                    },
                },
            },
        },
    });

    public static byte[] Call(string phone, DateTimeOffset at, string outcome = "answered") => Json(new
    {
        type = "call.completed",
        timestamp = at,
        data = new { callId = "call-" + Guid.NewGuid().ToString("N")[..8], direction = "inbound", customerPhone = phone, agentId = "agent-1", outcome, durationSeconds = 120 },
    });

    public static byte[] Viber(string userId, string text, DateTimeOffset at) => Json(new
    {
        @event = "message",
        timestamp = at.ToUnixTimeMilliseconds(),
        message_token = Interlocked.Increment(ref updateId),
        sender = new { id = userId, name = "Anna" },
        message = new { type = "text", text },
    });

    public static byte[] ViberUnsubscribed(string userId, DateTimeOffset at) => Json(new
    {
        @event = "unsubscribed",
        timestamp = at.ToUnixTimeMilliseconds(),
        user_id = userId,
        message_token = Interlocked.Increment(ref updateId),
    });

    private static byte[] Json(object payload) => JsonSerializer.SerializeToUtf8Bytes(payload, new JsonSerializerOptions
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });
}
