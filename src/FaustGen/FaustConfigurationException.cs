namespace FaustGen;

/// <summary>A setting or declaration of the app is invalid; the message names it and its value.</summary>
public sealed class FaustConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FaustConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public FaustConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the setting <paramref name="setting"/> whose value <paramref name="value"/> is invalid.</summary>
    public static FaustConfigurationException ForSetting(string setting, object? value, string reason) =>
        new($"Setting '{setting}' has an invalid value '{value}': {reason}");
}
