using System.Globalization;
using System.Text;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Cuts rendered text to a channel's limit (UTF-16 code units, as the providers count) at a grapheme boundary, so an
/// emoji ZWJ sequence, a letter with its combining marks or a surrogate pair is kept whole or dropped whole; a cut
/// text ends with "…" inside the limit.
/// </summary>
internal static class TextCut
{
    public const char Ellipsis = '…';

    public static string Cut(string text, int limit) => Cut(text, limit, out _);

    public static string Cut(string text, int limit, out bool cut)
    {
        ArgumentNullException.ThrowIfNull(text);
        cut = text.Length > limit;
        return cut ? text[..Fit(text, 0, text.Length, limit - 1)] + Ellipsis : text;
    }

    /// <summary>How many chars of <paramref name="text"/> from <paramref name="start"/> fit in <paramref name="budget"/>, whole graphemes only.</summary>
    internal static int Fit(string text, int start, int end, int budget)
    {
        var used = 0;
        var index = start;
        while (index < end)
        {
            var length = StringInfo.GetNextTextElementLength(text.AsSpan(index, end - index));
            if (used + length > budget)
            {
                break;
            }

            used += length;
            index += length;
        }

        return index - start;
    }

    /// <summary>
    /// Telegram HTML cut to <paramref name="limit"/> visible characters (tags do not count, an entity counts as what it
    /// stands for): text is cut at a grapheme boundary, never inside a tag or entity, and open tags are closed.
    /// </summary>
    public static string CutMarkup(string html, int limit, out bool cut)
    {
        ArgumentNullException.ThrowIfNull(html);
        cut = VisibleLength(html) > limit;
        if (!cut)
        {
            return html;
        }

        var budget = limit - 1;
        var output = new StringBuilder(html.Length);
        var open = new Stack<string>();
        var index = 0;
        while (index < html.Length)
        {
            if (html[index] == '<' && html.IndexOf('>', index) is var close and > 0)
            {
                var tag = html[index..(close + 1)];
                output.Append(tag);
                TrackTag(tag, open);
                index = close + 1;
                continue;
            }

            if (html[index] == '&' && EntityEnd(html, index) is var semicolon and > 0)
            {
                var entity = html[index..(semicolon + 1)];
                var length = System.Net.WebUtility.HtmlDecode(entity).Length;
                if (length > budget)
                {
                    break;
                }

                budget -= length;
                output.Append(entity);
                index = semicolon + 1;
                continue;
            }

            var runEnd = html.IndexOfAny(['<', '&'], index);
            runEnd = runEnd < 0 ? html.Length : runEnd == index ? index + 1 : runEnd;
            var fit = Fit(html, index, runEnd, budget);
            output.Append(html, index, fit);
            budget -= fit;
            if (index + fit < runEnd)
            {
                break;
            }

            index = runEnd;
        }

        output.Append(Ellipsis);
        while (open.TryPop(out var name))
        {
            output.Append("</").Append(name).Append('>');
        }

        return output.ToString();
    }

    internal static int VisibleLength(string html)
    {
        var length = 0;
        for (var index = 0; index < html.Length;)
        {
            if (html[index] == '<' && html.IndexOf('>', index) is var close and > 0)
            {
                index = close + 1;
            }
            else if (html[index] == '&' && EntityEnd(html, index) is var semicolon and > 0)
            {
                length += System.Net.WebUtility.HtmlDecode(html[index..(semicolon + 1)]).Length;
                index = semicolon + 1;
            }
            else
            {
                length++;
                index++;
            }
        }

        return length;
    }

    private static int EntityEnd(string html, int ampersand)
    {
        // Entities are short (&quot; &#x1F600;); a lone '&' is text.
        var semicolon = html.IndexOf(';', ampersand, Math.Min(12, html.Length - ampersand));
        return semicolon > ampersand + 1 ? semicolon : -1;
    }

    private static void TrackTag(string tag, Stack<string> open)
    {
        var closing = tag.StartsWith("</", StringComparison.Ordinal);
        var body = tag.AsSpan(closing ? 2 : 1, tag.Length - (closing ? 3 : 2)).Trim();
        if (body.EndsWith("/"))
        {
            return;
        }

        var nameEnd = body.IndexOfAny(' ', '\t', '\n');
        var name = (nameEnd < 0 ? body : body[..nameEnd]).ToString();
        if (!closing)
        {
            open.Push(name);
        }
        else if (open.Count > 0 && string.Equals(open.Peek(), name, StringComparison.OrdinalIgnoreCase))
        {
            open.Pop();
        }
    }
}
