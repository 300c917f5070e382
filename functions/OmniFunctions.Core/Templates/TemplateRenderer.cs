using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using Ganss.Xss;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Renders templates per channel (README "Templates"): picks the variant along the locale chain (<c>de-AT</c> → <c>de</c>
/// → the template's default), escapes values for the channel's format (<see cref="ChannelFormat"/>), applies the
/// channel's length limit after rendering, and sanitises email HTML. Parsed templates are cached per id and version
/// (versions are immutable), so the send path parses nothing. Thread-safe.
/// </summary>
public sealed class TemplateRenderer
{
    private const int MaxCached = 1024;

    private static readonly HtmlSanitizer Sanitizer = new();

    private readonly ConcurrentDictionary<(string Id, int Version), CompiledTemplate> cache = new();

    /// <summary>Parses every text of <paramref name="template"/>; the errors of all of them at once, or none and the compiled template.</summary>
    internal static (CompiledTemplate? Compiled, List<TemplateError> Errors) Compile(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new List<TemplateError>();
        var variants = new List<CompiledVariant>();
        for (var i = 0; i < template.Variants.Count; i++)
        {
            if (template.Variants[i] is not { } variant)
            {
                continue;  // the validator reports it
            }

            var path = $"variants[{i}]";
            var text = TemplateSyntax.Parse(variant.Text, path + ".text", errors);
            var subject = variant.Subject is null ? null : TemplateSyntax.Parse(variant.Subject, path + ".subject", errors);
            var html = variant.Html is null ? null : TemplateSyntax.Parse(variant.Html, path + ".html", errors);
            var parameters = variant.ProviderTemplate?.Parameters
                .Select((p, n) => p is null
                    ? Refuse(errors, $"{path}.providerTemplate.parameters[{n}]", "must be a string, not null.")
                    : TemplateSyntax.Parse(p, $"{path}.providerTemplate.parameters[{n}]", errors)).ToList() ?? [];
            if (text is not null && parameters.All(p => p is not null))
            {
                variants.Add(new(variant, text, subject, html, parameters!));
            }
        }

        return errors.Count == 0 ? (new CompiledTemplate(template, variants), errors) : (null, errors);
    }

    /// <summary>The compiled form of a saved version, parsed on first use.</summary>
    /// <exception cref="InvalidOperationException">The stored template does not compile (it passed validation when saved).</exception>
    internal CompiledTemplate Get(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (cache.TryGetValue((template.Id, template.Version), out var compiled))
        {
            return compiled;
        }

        var (parsed, errors) = Compile(template);
        if (parsed is null)
        {
            throw new InvalidOperationException($"Template {template.Id} version {template.Version} does not compile: {errors[0].Path}: {errors[0].Message}");
        }

        if (cache.Count >= MaxCached)
        {
            cache.Clear();
        }

        return cache.GetOrAdd((template.Id, template.Version), parsed);
    }

    /// <summary>The locales tried for <paramref name="locale"/>, most specific first, ending with the template's default.</summary>
    internal static List<string> LocaleChain(string? locale, string defaultLocale)
    {
        var chain = new List<string>();
        for (var current = locale?.Trim().Replace('_', '-'); !string.IsNullOrEmpty(current); current = Parent(current))
        {
            chain.Add(current);
        }

        for (var current = defaultLocale; !string.IsNullOrEmpty(current); current = Parent(current))
        {
            chain.Add(current);
        }

        return [.. chain.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Renders the variant for <paramref name="channel"/> in the person's locale; null when the template has no variant for
    /// the channel in any locale of the chain (the dispatcher then tries the next channel).
    /// </summary>
    /// <exception cref="TemplateRenderException">The template fails for this person's data (Fluid's step limit, a filter refusing a value).</exception>
    internal static RenderedMessage? Render(CompiledTemplate compiled, string channel, string? locale, TemplateData data, DateTimeOffset now, TimeZoneInfo zone)
    {
        try
        {
            return RenderOrThrow(compiled, channel, locale, data, now, zone);
        }
        catch (Exception failed) when (failed is not (ArgumentException or OperationCanceledException or OutOfMemoryException))
        {
            throw new TemplateRenderException(compiled.Template.Id, channel, failed);
        }
    }

    private static RenderedMessage? RenderOrThrow(CompiledTemplate compiled, string channel, string? locale, TemplateData data, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(zone);
        if (!ChannelFormat.All.TryGetValue(channel, out var format))
        {
            return null;
        }

        var template = compiled.Template;
        var asked = locale ?? template.DefaultLocale;
        CompiledVariant? chosen = null;
        foreach (var candidate in LocaleChain(asked, template.DefaultLocale))
        {
            // Language first, then channel: a German speaker gets the German text for every channel before English.
            // An email needs a subject, so a channel-less variant without one does not serve email.
            chosen = compiled.Variants.FirstOrDefault(v => v.Variant.Channel == channel && Same(v.Variant.Locale, candidate))
                ?? compiled.Variants.FirstOrDefault(v => v.Variant.Channel is null && Same(v.Variant.Locale, candidate)
                    && (channel != ChannelFormat.Email.Channel || v.Variant.Subject is not null));
            if (chosen is not null)
            {
                break;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        var variant = chosen.Variant;
        var fellBack = new List<string>();
        if (!Same(variant.Locale, asked))
        {
            fellBack.Add($"locale: {asked} → {variant.Locale}");
        }

        if (variant.Channel is null)
        {
            fellBack.Add($"channel: {channel} → any");
        }

        var model = TemplateModel.Build(data, channel, variant.Locale, now, zone);
        var context = new TemplateContext(TemplateSyntax.Options) { CultureInfo = Culture(variant.Locale), TimeZone = zone };
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        var texts = new[] { chosen.Text, chosen.Subject, chosen.Html }.Concat(chosen.Parameters).OfType<ParsedText>();
        fellBack.AddRange(texts.SelectMany(t => t.Paths).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(p => TemplateModel.ValueAt(model, p) is null).Select(p => "value: " + p));

        var text = chosen.Text.Template.Render(context, format.Markup ? MarkupEncoder.Markup : MarkupEncoder.Plain);
        text = format.Markup ? TextCut.CutMarkup(text, format.TextLimit, out var cut) : TextCut.Cut(text, format.TextLimit, out cut);
        if (cut)
        {
            fellBack.Add($"text: cut to {format.TextLimit} characters");
        }

        return new RenderedMessage(template.Id, template.Version, channel, asked, variant.Locale, text)
        {
            Subject = chosen.Subject is { } subject ? TextCut.Cut(OneLine(subject.Template.Render(context, MarkupEncoder.Plain)), ChannelFormat.SubjectLimit) : null,
            Html = chosen.Html is { } html ? Sanitizer.Sanitize(html.Template.Render(context, MarkupEncoder.Markup)) : null,
            ParseMode = format.Markup ? "HTML" : null,
            ProviderTemplate = variant.ProviderTemplate is { } provider
                ? new ProviderTemplate(provider.Name, provider.Language, [.. chosen.Parameters.Select(p => TextCut.Cut(OneLine(p.Template.Render(context, MarkupEncoder.Plain)), ChannelFormat.ProviderParameterLimit))])
                : null,
            FellBack = fellBack,
        };
    }

    private static ParsedText? Refuse(List<TemplateError> errors, string path, string message)
    {
        errors.Add(new(path, message));
        return null;
    }

    private static string? Parent(string locale) => locale.LastIndexOf('-') is var dash and > 0 ? locale[..dash] : null;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static CultureInfo Culture(string locale)
    {
        try
        {
            return CultureInfo.GetCultureInfo(locale);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    /// <summary>
    /// Header and provider-parameter values on one line: a name with a line break cannot add a mail header, and WhatsApp
    /// refuses parameters with new lines, tabs or more than four spaces in a row.
    /// </summary>
    private static string OneLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (!space || (builder.Length > 0 && builder[^1] != ' '))
            {
                builder.Append(space ? ' ' : c);
            }
        }

        return builder.ToString().TrimEnd();
    }
}
