using OmniFunctions.Core.Channels.WhatsApp;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Checks a template before it is saved and lists every problem at once: its shape (ids, locales, channels, one
/// variant per channel and locale, each channel reachable in the default locale so the fallback chain always ends in
/// a variant) and every Liquid text (<see cref="TemplateSyntax"/>: syntax, known model paths, filters).
/// </summary>
internal static partial class TemplateValidator
{
    public const int MaxVariants = 64;

    private static readonly IReadOnlySet<string> TelegramTags = new HashSet<string>(
        ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"], StringComparer.Ordinal);

    public static List<TemplateError> Validate(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new List<TemplateError>();
        if (!IsId(template.Id))
        {
            errors.Add(new("id", "must be 1-64 letters, digits, '-' or '_'."));
        }

        if (!IsLocale(template.DefaultLocale))
        {
            errors.Add(new("defaultLocale", "must be a language tag such as en or de-AT."));
        }

        if (template.Variants.Count is 0 or > MaxVariants)
        {
            errors.Add(new("variants", $"needs 1 to {MaxVariants} variants."));
        }

        var seen = new HashSet<(string Channel, string Locale)>();
        for (var i = 0; i < template.Variants.Count; i++)
        {
            var variant = template.Variants[i];
            var path = $"variants[{i}]";
            if (variant is null)
            {
                errors.Add(new(path, "must be a variant, not null."));
                continue;
            }

            if (variant.Channel is { } channel && !ChannelFormat.All.ContainsKey(channel))
            {
                errors.Add(new(path + ".channel", $"must be one of {string.Join(", ", ChannelFormat.All.Keys)}, or left out for every channel."));
            }

            if (!IsLocale(variant.Locale))
            {
                errors.Add(new(path + ".locale", "must be a language tag such as en or de-AT."));
            }
            else if (!seen.Add((variant.Channel ?? "*", variant.Locale.ToUpperInvariant())))
            {
                errors.Add(new(path, $"a second variant for {variant.Channel ?? "every channel"} in {variant.Locale}."));
            }

            if (variant.Channel == ChannelFormat.Telegram.Channel && variant.Text is not null
                && TelegramTag().Matches(variant.Text).Select(m => m.Groups[1].Value.ToLowerInvariant()).FirstOrDefault(t => !TelegramTags.Contains(t)) is { } tag)
            {
                // Telegram refuses the whole message on any other tag (https://core.telegram.org/bots/api#html-style).
                errors.Add(new(path + ".text", $"Telegram HTML has no <{tag}>: use b, i, u, s, a, code, pre, blockquote, tg-spoiler or span class=\"tg-spoiler\"."));
            }

            if (variant.Channel == ChannelFormat.Email.Channel && string.IsNullOrWhiteSpace(variant.Subject))
            {
                errors.Add(new(path + ".subject", "an email variant needs a subject."));
            }

            if (variant.Channel != ChannelFormat.Email.Channel && variant.Channel is not null && variant.Html is not null)
            {
                errors.Add(new(path + ".html", "only email variants have an HTML part."));
            }

            if (variant.ProviderTemplate is { } provider && variant.Channel != WhatsAppChannel.ChannelName)
            {
                errors.Add(new(path + ".providerTemplate", "provider templates are for whatsapp variants."));
            }
            else if (variant.ProviderTemplate is { } p && (string.IsNullOrWhiteSpace(p.Name) || string.IsNullOrWhiteSpace(p.Language) || p.Parameters.Count > 20))
            {
                errors.Add(new(path + ".providerTemplate", "needs a name, a language and at most 20 parameters."));
            }
        }

        if (IsLocale(template.DefaultLocale))
        {
            var channels = template.Variants.Where(v => v is not null).Select(v => v.Channel).Distinct().ToList();
            var fallbackEverywhere = template.Variants.Any(v => v is { Channel: null } && Same(v.Locale, template.DefaultLocale));
            foreach (var channel in channels.OfType<string>().Where(c => !fallbackEverywhere && !template.Variants.Any(v => v?.Channel == c && Same(v.Locale, template.DefaultLocale))))
            {
                errors.Add(new("variants", $"{channel} has no variant in the default locale {template.DefaultLocale}, where every fallback chain ends."));
            }
        }

        errors.AddRange(TemplateRenderer.Compile(template).Errors);

        return errors;
    }

    internal static bool IsId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsLocale(string? locale)
    {
        if (string.IsNullOrEmpty(locale) || locale.Length > 35)
        {
            return false;
        }

        var parts = locale.Split('-');
        return parts[0].Length is 2 or 3 && parts.All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit))
            && parts[0].All(char.IsAsciiLetter);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"</?([A-Za-z][A-Za-z0-9-]*)")]
    private static partial System.Text.RegularExpressions.Regex TelegramTag();

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
