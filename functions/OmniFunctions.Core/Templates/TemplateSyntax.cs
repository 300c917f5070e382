using Fluid;
using Fluid.Ast;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Parses Liquid and checks it against <see cref="TemplateModel.Paths"/> before a template is saved: every member a
/// template reads must be a known path (a <c>default:</c> filter does not excuse a typo), every filter must exist, and
/// <c>raw</c> (which would switch off the channel's escaping), <c>include</c> and <c>render</c> are refused.
/// </summary>
internal static class TemplateSyntax
{
    public const int MaxSourceLength = 20_000;

    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });

    /// <summary>Shared by every render: no file system, bounded loops and recursion.</summary>
    public static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 16 };

    private static readonly IReadOnlySet<string> Refused = new HashSet<string>(["raw"], StringComparer.Ordinal);

    /// <summary>Filters that throw on ordinary values (a name is not base64): a send would fail at render time.</summary>
    private static readonly IReadOnlySet<string> Throwing = new HashSet<string>(["base64_decode", "base64_url_safe_decode"], StringComparer.Ordinal);

    public static ParsedText? Parse(string source, string path, List<TemplateError> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        if (source.Length > MaxSourceLength)
        {
            errors.Add(new(path, $"at most {MaxSourceLength} characters."));
            return null;
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            errors.Add(new(path, error));
            return null;
        }

        var checker = new Checker(path, errors);
        checker.VisitTemplate(template);
        return checker.Failed ? null : new ParsedText(template, [.. checker.Paths]);
    }

    private sealed class Checker(string path, List<TemplateError> errors) : AstVisitor
    {
        private readonly HashSet<string> locals = new(StringComparer.Ordinal) { "forloop" };

        public SortedSet<string> Paths { get; } = new(StringComparer.Ordinal);

        public bool Failed { get; private set; }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            locals.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            locals.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            locals.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement) => Refuse(includeStatement, "include is not available in templates.");

        protected override Statement VisitRenderStatement(RenderStatement renderStatement) => Refuse(renderStatement, "render is not available in templates.");

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            if (Refused.Contains(filterExpression.Name))
            {
                Error($"the {filterExpression.Name} filter would bypass the channel's escaping.");
            }
            else if (Throwing.Contains(filterExpression.Name))
            {
                Error($"the {filterExpression.Name} filter fails on values that are not base64.");
            }
            else if (!Options.Filters.TryGetValue(filterExpression.Name, out _))
            {
                Error($"unknown filter {filterExpression.Name}.");
            }

            return base.VisitFilterExpression(filterExpression);
        }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments is not [IdentifierSegment { Identifier: var root }, ..] segments)
            {
                Error("a value must start with a name.");
                return memberExpression;
            }

            if (locals.Contains(root))
            {
                return memberExpression;
            }

            object? node = TemplateModel.Paths;
            var known = root;
            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i] is not IdentifierSegment { Identifier: var name })
                {
                    Error($"{known}: indexers are not available on the model; name the member.");
                    return memberExpression;
                }

                if (node is IReadOnlyDictionary<string, object?> children && children.TryGetValue(name, out var child))
                {
                    known = i == 0 ? name : known + "." + name;
                    node = child;
                    continue;
                }

                if (node is null && i > 0 && i == segments.Count - 1 && TemplateModel.Builtins.Contains(name))
                {
                    break;
                }

                Error(i == 0
                    ? $"unknown value {name}: use one of {string.Join(", ", TemplateModel.Paths.Keys)}."
                    : $"unknown value {known}.{name}" + (node is IReadOnlyDictionary<string, object?> options ? $": {known} has {string.Join(", ", options.Keys)}." : "."));
                return memberExpression;
            }

            Paths.Add(known);
            return memberExpression;
        }

        private Statement Refuse(Statement statement, string message)
        {
            Error(message);
            return statement;
        }

        private void Error(string message)
        {
            Failed = true;
            errors.Add(new(path, message));
        }
    }
}
