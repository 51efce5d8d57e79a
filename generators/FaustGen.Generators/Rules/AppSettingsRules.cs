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
    public static string? IdError(TypedConstant id) =>
        AttributeArguments.AsString(id) is { } text ? Names.AppIdError(text) : "the app id must be a string constant";

    /// <summary>Why <paramref name="value"/> is unusable for the setting <paramref name="setting"/>, or null.</summary>
    public static string? Error(string setting, TypedConstant value)
    {
        switch (setting)
        {
            case "Broker":
                return AttributeArguments.AsString(value) is { } broker ? Urls.BrokerUrlError(broker) : "the broker URL must be a string";
            case "Store":
                return AttributeArguments.AsString(value) is { } store ? Urls.StoreUrlError(store) : "the store URL must be a string";
            case "AvroRegistryUrl":
                return AttributeArguments.AsString(value) is null ? "the registry URL must be a string" : null;
            case "ClientId":
                return AttributeArguments.AsString(value) is { } clientId && clientId.Trim().Length > 0 ? null : "the client id must not be empty";
            case "KeySerializer":
            case "ValueSerializer":
                return AttributeArguments.AsString(value) is { } codec ? AttributeArguments.CodecNameError(codec) : "a codec name must be a string";
            case "CommitIntervalSeconds":
                return AttributeArguments.AsDouble(value) is { } seconds && seconds > 0 && !double.IsInfinity(seconds) ? null : "the commit interval must be a positive number of seconds";
            case "StandbyReplicas":
                return AttributeArguments.AsInt32(value) is >= 0 ? null : "the standby replica count must be 0 or more";
            case "ReplicationFactor":
                return AttributeArguments.AsInt32(value) is >= 1 ? null : "the replication factor must be 1 or more";
            case "TopicPartitions":
                return AttributeArguments.AsInt32(value) is >= 1 ? null : "the partition count must be 1 or more";
            default:
                return "'" + setting + "' is not a setting";
        }
    }
}
