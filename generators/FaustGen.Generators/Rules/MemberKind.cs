namespace FaustGen.Generators.Rules;

/// <summary>What a declaration is to FaustGen; a rule shared by several (a partial property, a signature) is reported under each one's own id.</summary>
internal enum MemberKind
{
    App,
    Topic,
    Table,
    Agent,
    Scheduled,
    Record,
}
