using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OmniFunctions.Infra.Tests;

/// <summary>
/// Evaluates the ARM template expressions Bicep emits, as far as a deployment's outcome depends on parameters:
/// <c>parameters</c>, <c>variables</c>, <c>createObject</c>, <c>union</c>, <c>if</c>, <c>empty</c>, <c>equals</c>,
/// <c>not</c>, <c>and</c>, <c>or</c>, <c>format</c>. Anything only Azure knows (<c>reference</c>, <c>resourceId</c>,
/// <c>uniqueString</c>, …) stays as its text in ⟨…⟩, non-empty and still readable (so key material such as
/// <c>listKeys(</c> can be spotted), and a test sees which settings and resources exist for a parameter choice
/// without deploying.
/// </summary>
public sealed class ArmExpression(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
{
    private string text = "";
    private int position;

    /// <summary>The template's parameters: the given values, else their defaults.</summary>
    public static Dictionary<string, JsonNode?> ParametersOf(JsonObject template, IReadOnlyDictionary<string, JsonNode?> given)
    {
        ArgumentNullException.ThrowIfNull(template);
        var values = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, definition) in template["parameters"]?.AsObject() ?? [])
        {
            values[name] = given.TryGetValue(name, out var value) ? value?.DeepClone() : definition?["defaultValue"]?.DeepClone();
        }

        return values;
    }

    /// <summary>A template value: expression strings evaluated, objects and arrays member by member.</summary>
    public JsonNode? Evaluate(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Evaluate)]),
        JsonValue value when value.TryGetValue<string>(out var s) && s.StartsWith('[') && s.EndsWith(']') && !s.StartsWith("[[", StringComparison.Ordinal) => Expression(s[1..^1]),
        _ => node?.DeepClone(),
    };

    private JsonNode? Expression(string expression)
    {
        var (savedText, savedPosition) = (text, position);
        (text, position) = (expression, 0);
        try
        {
            var result = Parse();
            Skip();
            return position == text.Length ? result : throw new FormatException($"Unparsed: {text[position..]}");
        }
        finally
        {
            (text, position) = (savedText, savedPosition);
        }
    }

    private JsonNode? Parse()
    {
        Skip();
        JsonNode? value;
        if (text[position] == '\'')
        {
            value = JsonValue.Create(StringLiteral());
        }
        else if (char.IsDigit(text[position]) || text[position] == '-')
        {
            var start = position++;
            while (position < text.Length && char.IsDigit(text[position]))
            {
                position++;
            }

            value = JsonValue.Create(long.Parse(text[start..position], CultureInfo.InvariantCulture));
        }
        else
        {
            var start = position;
            while (char.IsLetterOrDigit(text[position]) || text[position] == '_')
            {
                position++;
            }

            var name = text[start..position];
            Expect('(');
            var arguments = ArgumentsText();
            value = Call(name, arguments, text[start..position]);
        }

        // Member access and indexers: anything on an opaque value stays opaque.
        while (position < text.Length && text[position] is '.' or '[')
        {
            if (text[position] == '.')
            {
                position++;
                var start = position;
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                value = value is JsonObject map ? map[text[start..position]]?.DeepClone() : JsonValue.Create(Text(value) + "." + text[start..position]);
            }
            else
            {
                position++;
                var index = Parse();
                Expect(']');
                value = value is JsonObject map && index is JsonValue key && key.TryGetValue<string>(out var k) ? map[k]?.DeepClone() : JsonValue.Create(Text(value) + "[" + Text(index) + "]");
            }
        }

        return value;
    }

    /// <summary>The raw text of each argument up to the closing parenthesis (evaluated lazily, for <c>if</c>).</summary>
    private List<string> ArgumentsText()
    {
        var arguments = new List<string>();
        var depth = 0;
        var start = position;
        for (; ; position++)
        {
            var c = text[position];
            if (c == '\'')
            {
                StringLiteral();
                position--;
            }
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']' && depth > 0)
            {
                depth--;
            }
            else if (c == ')' || (c == ',' && depth == 0))
            {
                var argument = text[start..position].Trim();
                if (argument.Length > 0)
                {
                    arguments.Add(argument);
                }

                start = position + 1;
                if (c == ')')
                {
                    position++;
                    return arguments;
                }
            }
        }
    }

    private JsonNode? Call(string name, List<string> arguments, string raw)
    {
        JsonNode? Arg(int i) => Expression(arguments[i]);
        return name switch
        {
            "parameters" => parameters.TryGetValue(Text(Arg(0)), out var p) ? p?.DeepClone() : throw new KeyNotFoundException(Text(Arg(0))),
            "variables" => Evaluate(template["variables"]![Text(Arg(0))]),
            "createObject" => new JsonObject(Enumerable.Range(0, arguments.Count / 2).Select(i => KeyValuePair.Create(Text(Arg(2 * i)), Arg((2 * i) + 1)))),
            "union" => Union([.. arguments.Select((_, i) => Arg(i))]),
            "if" => IsTrue(Arg(0)) ? Arg(1) : Arg(2),
            "empty" => JsonValue.Create(IsEmpty(Arg(0))),
            "equals" => JsonValue.Create(JsonNode.DeepEquals(Arg(0), Arg(1))),
            "not" => JsonValue.Create(!IsTrue(Arg(0))),
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "and" => JsonValue.Create(arguments.Select((_, i) => i).All(i => IsTrue(Arg(i)))),
            "or" => JsonValue.Create(arguments.Select((_, i) => i).Any(i => IsTrue(Arg(i)))),
            "format" => JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(Arg(0)), [.. arguments.Skip(1).Select((_, i) => (object)Text(Arg(i + 1)))])),
            _ => JsonValue.Create("⟨" + raw + "⟩"),
        };
    }

    private static JsonObject Union(List<JsonNode?> objects)
    {
        var merged = new JsonObject();
        foreach (var o in objects.OfType<JsonObject>())
        {
            foreach (var (key, value) in o)
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject map => map.Count == 0,
        JsonArray list => list.Count == 0,
        JsonValue value when value.TryGetValue<string>(out var s) => s.Length == 0,
        _ => false,
    };

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : throw new FormatException($"Not a boolean: {node}");

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private string StringLiteral()
    {
        var builder = new StringBuilder();
        for (position++; ; position++)
        {
            if (text[position] == '\'')
            {
                if (position + 1 < text.Length && text[position + 1] == '\'')
                {
                    builder.Append('\'');
                    position++;
                    continue;
                }

                position++;
                return builder.ToString();
            }

            builder.Append(text[position]);
        }
    }

    private void Skip()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private void Expect(char c)
    {
        Skip();
        if (text[position] != c)
        {
            throw new FormatException($"Expected '{c}' at {position} in {text}");
        }

        position++;
    }
}
