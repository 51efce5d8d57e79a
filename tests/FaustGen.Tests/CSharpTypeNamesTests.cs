using FaustGen.Codecs;
using FaustGen.Monitoring;

namespace FaustGen.Tests;

/// <summary>Type names as C# writes them, which the web site, the dashboard and the command line show.</summary>
public sealed class CSharpTypeNamesTests
{
    public static TheoryData<Type, string> Names => new()
    {
        { typeof(int), "int" },
        { typeof(string), "string" },
        { typeof(object), "object" },
        { typeof(decimal), "decimal" },
        { typeof(nint), "nint" },
        { typeof(DayOfWeek), "DayOfWeek" },
        { typeof(Guid), "Guid" },
        { typeof(int?), "int?" },
        { typeof(int[]), "int[]" },
        { typeof(int?[]), "int?[]" },
        { typeof(string[,]), "string[,]" },
        { typeof(int[][]), "int[][]" },
        { typeof(int[,][]), "int[,][]" },
        { typeof(int[][,,]), "int[][,,]" },
        { typeof(Windowed<string>), "Windowed<string>" },
        { typeof(Dictionary<string, List<int>>), "Dictionary<string, List<int>>" },
        { typeof(KeyValuePair<Windowed<string>, long[]>?), "KeyValuePair<Windowed<string>, long[]>?" },
        { typeof(List<>), "List<T>" },
        { typeof(Dictionary<,>), "Dictionary<TKey, TValue>" },
        { typeof((int, string)), "(int, string)" },
        { typeof((int, (bool, string?)[])), "(int, (bool, string)[])" },
        { typeof((int, int, int, int, int, int, int, int, int)), "(int, int, int, int, int, int, int, int, int)" },
        { typeof(ValueTuple<int>), "ValueTuple<int>" },
        { typeof(Outer), "CSharpTypeNamesTests.Outer" },
        { typeof(Outer<int>.Inner<string>), "CSharpTypeNamesTests.Outer<int>.Inner<string>" },
        { typeof(Outer<List<int>>.Plain[]), "CSharpTypeNamesTests.Outer<List<int>>.Plain[]" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_type_is_named_as_CSharp_writes_it(Type type, string expected) => Assert.Equal(expected, CSharpTypeNames.Of(type));

    [Fact]
    public void Table_and_topic_views_name_their_types_as_CSharp_writes_them()
    {
        var app = new TypedTables();
        var tables = app.Tables.ToDictionary(t => t.Name);
        Assert.Equal(("string", "Dictionary<string, List<int>>"), (tables["lists"].KeyType, tables["lists"].ValueType));
        Assert.Equal(("Windowed<Guid>", "long?"), (tables["windows"].KeyType, tables["windows"].ValueType));
        Assert.Equal(("int", "string"), (app.FindTopic("scores")!.KeyType, app.FindTopic("scores")!.ValueType));
    }

    public sealed class Outer
    {
    }

#pragma warning disable CA1034 // Nested types are what these names are about.
    public sealed class Outer<T>
    {
        public sealed class Inner<TInner>
        {
        }

        public sealed class Plain
        {
        }
    }
#pragma warning restore CA1034

    private sealed class TypedTables : App
    {
        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = "typed";
            definition.Topic<int, string>("scores", new TopicOptions { KeySerializer = Codec.Json });
            definition.Table<string, Dictionary<string, List<int>>>("lists");
            definition.WindowedTable<Guid, long?>("windows", Window.Tumbling(TimeSpan.FromMinutes(1)));
        }
    }
}
