namespace OmniFunctions.Core.Interactions;

public static class ConsentPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
}
