using System.Text.Json.Serialization;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

public static class ConsentPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
}
