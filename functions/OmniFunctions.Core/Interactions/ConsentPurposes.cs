namespace OmniFunctions.Core.Interactions;

internal static class ConsentPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
}
