namespace FaustGen.Generators;

/// <summary>Names of the pipeline's steps, so tests can check what each step cached.</summary>
internal static class TrackingNames
{
    public const string Apps = nameof(Apps);
    public const string Topics = nameof(Topics);
    public const string Channels = nameof(Channels);
    public const string Tables = nameof(Tables);
    public const string WindowedTables = nameof(WindowedTables);
    public const string GlobalTables = nameof(GlobalTables);
    public const string SetTables = nameof(SetTables);
    public const string Agents = nameof(Agents);
    public const string Timers = nameof(Timers);
    public const string StartupTasks = nameof(StartupTasks);
    public const string Hooks = nameof(Hooks);
    public const string Members = nameof(Members);
    public const string Extensions = nameof(Extensions);
    public const string CustomCodecs = nameof(CustomCodecs);
    public const string Models = nameof(Models);
    public const string Strays = nameof(Strays);

    /// <summary>Every name above.</summary>
    public static readonly string[] All = { Apps, Topics, Channels, Tables, WindowedTables, GlobalTables, SetTables, Agents, Timers, StartupTasks, Hooks, Members, Extensions, CustomCodecs, Models, Strays };
}
