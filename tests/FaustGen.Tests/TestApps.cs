namespace FaustGen.Tests;

/// <summary>Apps written by hand, the way an app without the generator overrides <see cref="App.Define"/>.</summary>
internal static class TestApps
{
    /// <summary>An app whose members a test declares.</summary>
    /// <remarks>The field initializer runs before the base constructor calls <see cref="Define"/>, so the
    /// primary constructor's parameters are there when it does.</remarks>
    public sealed class Defined(string id, Action<AppDefinition> define) : App
    {
        private readonly Action<AppDefinition> definer = define;
        private readonly string appId = id;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = appId;
            definer(definition);
        }
    }

    /// <summary>Counts words: an agent per event writes a table.</summary>
    public sealed class Counter : App
    {
        public Topic<string, string> Words { get; private set; } = null!;

        public Table<string, long> Counts { get; private set; } = null!;

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = "counter";
            Words = definition.Topic<string, string>("words");
            Counts = definition.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            definition.EventAgent("count", Words, (Event<string, string> e, CancellationToken _) =>
            {
                Counts[e.Value] += 1;
                return default;
            });
        }
    }
}
