using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Generators.Rules;

/// <summary>
/// Which named arguments of <c>[App]</c> hold usable settings. The runtime checks the same rules when the app
/// starts (<see cref="Names"/> and <see cref="Urls"/> are shared with it); here a bad value is left out.
/// </summary>
internal static class AppSettingsRules
{
    /// <summary>Why the app id is unusable, or null.</summary>
    public static Violation? IdError(TypedConstant id)
    {
        if (id.Kind == TypedConstantKind.Error)
        {
            return Violation.Unreported("the app id is not a constant");
        }

        var error = Names.AppIdError(AttributeArguments.AsString(id));
        return error is null ? null : new Violation(RuleId.AppId, error, Violation.ConstructorArgument);
    }

    /// <summary>Why <paramref name="value"/> is unusable for the setting <paramref name="setting"/>, or null.</summary>
    /// <remarks>A null string leaves the setting at its default, as if it were not given.</remarks>
    public static Violation? Error(string setting, TypedConstant value)
    {
        if (value.Kind == TypedConstantKind.Error)
        {
            return Violation.Unreported("'" + setting + "' is not a constant");
        }

        switch (setting)
        {
            case "Broker":
                return Text(value, "the broker URL", static url => Urls.BrokerUrlError(url), RuleId.BrokerUrl, setting);
            case "Store":
                return Text(value, "the store URL", static url => Urls.StoreUrlError(url), RuleId.StoreUrl, setting);
            case "AvroRegistryUrl":
            case "SchemaRegistryUrl":
                return Text(value, "the registry URL", static _ => null, RuleId.Setting, setting);
            case "ClientId":
                return Text(value, "the client id", static id => id.Trim().Length > 0 ? null : "the client id must not be empty", RuleId.Setting, setting);
            case "KeySerializer":
            case "ValueSerializer":
                return Text(value, "a codec name", AttributeArguments.CodecNameError, RuleId.CodecName, setting);
            case "CommitIntervalSeconds":
                return Range(AttributeArguments.AsDouble(value) is { } seconds && seconds > 0 && !double.IsInfinity(seconds), "the commit interval must be a positive number of seconds", setting);
            case "StandbyReplicas":
                return Range(AttributeArguments.AsInt32(value) is >= 0, "the standby replica count must be 0 or more", setting);
            case "ReplicationFactor":
                return Range(AttributeArguments.AsInt32(value) is >= 1, "the replication factor must be 1 or more", setting);
            case "TopicPartitions":
                return Range(AttributeArguments.AsInt32(value) is >= 1, "the partition count must be 1 or more", setting);
            default:
                return Violation.Unreported("'" + setting + "' is not a setting");
        }
    }

    private static Violation? Text(TypedConstant value, string what, Func<string, string?> error, RuleId rule, string setting)
    {
        if (AttributeArguments.AsString(value) is not { } text)
        {
            return Violation.Unreported(what + " is null, so the default stays");
        }

        return error(text) is { } message ? new Violation(rule, message, setting) : null;
    }

    private static Violation? Range(bool valid, string message, string setting) =>
        valid ? null : new Violation(RuleId.Setting, message, setting);
}
