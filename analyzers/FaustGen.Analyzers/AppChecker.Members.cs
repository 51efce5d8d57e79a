using FaustGen.Generators.Rules;
using FaustGen.Validation;
using Microsoft.CodeAnalysis;

namespace FaustGen.Analyzers;

internal sealed partial class AppChecker
{
    /// <summary>The app's settings that other checks need: those the [App] attribute gives validly, or null.</summary>
    private sealed class AppValues
    {
        public string? Id { get; set; }

        public string? KeySerializer { get; set; }

        public string? ValueSerializer { get; set; }
    }

    private AppValues CheckSettings(AttributeData attribute)
    {
        var values = new AppValues();
        var id = AttributeArguments.Constructor(attribute, 0);
        if (AppSettingsRules.IdError(id) is { } idError)
        {
            Report(idError, attribute, app, MemberKind.App);
        }
        else
        {
            values.Id = AttributeArguments.AsString(id);
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (AppSettingsRules.Error(argument.Key, argument.Value) is { } error)
            {
                Report(error, attribute, app, MemberKind.App);
                continue;
            }

            if (argument.Key is "KeySerializer" or "ValueSerializer" && AttributeArguments.AsString(argument.Value) is { } codec &&
                CheckCodecName(codec, attribute, argument.Key))
            {
                if (argument.Key == "KeySerializer")
                {
                    values.KeySerializer = codec;
                }
                else
                {
                    values.ValueSerializer = codec;
                }
            }
        }

        return values;
    }

    /// <summary>Classifies every FaustGen member of the app as the generator does, reporting what it would leave out.</summary>
    private void CheckMembers()
    {
        foreach (var member in app.GetMembers())
        {
            CancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case IPropertySymbol property:
                    CheckTopic(property);
                    CheckTable(property);
                    break;
                case IMethodSymbol method:
                    CheckAgent(method);
                    CheckHook(method);
                    CheckScheduled(method, FaustSymbols.Find(method, symbols.TimerAttribute), isTimer: true);
                    CheckScheduled(method, FaustSymbols.Find(method, symbols.StartupTaskAttribute), isTimer: false);
                    break;
            }
        }
    }

    private void CheckTopic(IPropertySymbol property)
    {
        if ((FaustSymbols.Find(property, symbols.TopicAttribute) ?? FaustSymbols.Find(property, symbols.ChannelAttribute)) is not { } attribute)
        {
            return;
        }

        if (TopicRules.Classify(property, attribute, symbols.Types, CancellationToken, out var declaration) is { } violation)
        {
            Report(violation, attribute, property, MemberKind.Topic);
            return;
        }

        CheckSeparators(declaration.Name, attribute, Violation.ConstructorArgument, -1, property);
        if ((declaration.KeySerializer is null || CheckCodecName(declaration.KeySerializer, attribute, "KeySerializer")) &&
            (declaration.ValueSerializer is null || CheckCodecName(declaration.ValueSerializer, attribute, "ValueSerializer")))
        {
            topics.Add(new TopicMember(property, attribute, declaration));
        }
    }

    private void CheckTable(IPropertySymbol property)
    {
        if (symbols.FindTable(property) is not { } attribute)
        {
            return;
        }

        if (TableRules.Classify(property, attribute, symbols.Types, symbols.Compilation, CancellationToken, out var declaration) is { } violation)
        {
            Report(violation, attribute, property, MemberKind.Table);
            return;
        }

        if ((declaration.KeySerializer is null || CheckCodecName(declaration.KeySerializer, attribute, "KeySerializer")) &&
            (declaration.ValueSerializer is null || CheckCodecName(declaration.ValueSerializer, attribute, declaration.ValueSerializerArgument)))
        {
            tables.Add(new TableMember(property, attribute, declaration));
        }
    }

    private void CheckAgent(IMethodSymbol method)
    {
        if (FaustSymbols.Find(method, symbols.AgentAttribute) is not { } attribute)
        {
            return;
        }

        // In the generator's order: the signature, the attribute's arguments, then the topic it binds to.
        var types = symbols.Types;
        if (AgentShapes.Classify(method, types, out var signature) is { } shapeViolation)
        {
            Report(shapeViolation, attribute, method, MemberKind.Agent);
            return;
        }

        if (AgentArguments.Classify(method, attribute, signature.Shape, types, out var arguments) is { } argumentViolation)
        {
            Report(argumentViolation, attribute, method, MemberKind.Agent);
            return;
        }

        if (AgentTopics.BindSource(app, arguments.Topic, signature, types, CancellationToken, out var source) is { } sourceViolation)
        {
            Report(sourceViolation, attribute, method, MemberKind.Agent);
            return;
        }

        if (!CheckRetry(method))
        {
            return;
        }

        var sinks = new List<TopicBinding>();
        for (var i = 0; i < arguments.Sinks.Count; i++)
        {
            if (AgentTopics.BindSink(app, arguments.Sinks[i], signature.Result!, types, CancellationToken, out var binding) is { } sinkViolation)
            {
                Report(new Violation(sinkViolation.Rule, sinkViolation.Message, sinkViolation.Argument, i), attribute, method, MemberKind.Agent);
                return;
            }

            sinks.Add(binding);
        }

        CheckSeparators(arguments.Topic, attribute, Violation.ConstructorArgument, -1, method);
        for (var i = 0; i < arguments.Sinks.Count; i++)
        {
            CheckSeparators(arguments.Sinks[i], attribute, "Sinks", i, method);
        }

        if (arguments.DeadLetterTopic is { } deadLetter)
        {
            CheckSeparators(deadLetter, attribute, "DeadLetterTopic", -1, method);
            // AgentErrorPolicy's members, by name: the policy that sends to the dead-letter topic, and the default.
            if (arguments.OnError != "DeadLetter")
            {
                Report(Descriptors.DeadLetterWithoutPolicy, Locations.OfArgument(attribute, "DeadLetterTopic", -1, CancellationToken) ?? Locations.Of(method, CancellationToken),
                    method.Name, arguments.OnError ?? "Skip");
            }
        }

        agents.Add(new AgentMember(method, attribute, signature, arguments, source, sinks));
    }

    /// <summary>Reports an invalid [Retry] of an agent or the app; false when there is one (the generator leaves the agent
    /// out, or the app's retry settings).</summary>
    private bool CheckRetry(ISymbol member)
    {
        if (RetryArguments.Find(member, symbols.Types) is not { } attribute ||
            RetryArguments.Classify(attribute, symbols.Types, out _) is not { } violation)
        {
            return true;
        }

        Report(violation, attribute, member, MemberKind.Agent);
        return false;
    }

    private void CheckHook(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (symbols.IsHookAttribute(attribute.AttributeClass) && HookShapes.Classify(method, attribute, symbols.Types, out _) is { } violation)
            {
                Report(violation, attribute, method, MemberKind.Scheduled);
            }
        }
    }

    private void CheckScheduled(IMethodSymbol method, AttributeData? attribute, bool isTimer)
    {
        if (attribute is null)
        {
            return;
        }

        var violation = (isTimer ? TimerShapes.IntervalError(AttributeArguments.Constructor(attribute, 0), out _) : null) ??
            TimerShapes.Classify(method, symbols.Types, out _);
        if (violation is not null)
        {
            Report(violation, attribute, method, MemberKind.Scheduled);
        }
    }

    private void CheckSeparators(string topic, AttributeData attribute, string argument, int element, ISymbol member)
    {
        if (Names.MixesPeriodAndUnderscore(topic))
        {
            Report(Descriptors.TopicNameMixesSeparators, Locations.OfArgument(attribute, argument, element, CancellationToken) ?? Locations.Of(member, CancellationToken), topic);
        }
    }

    /// <summary>Reports <paramref name="codec"/>, given as <paramref name="argument"/>, when it names no codec; returns whether it names one.</summary>
    private bool CheckCodecName(string codec, AttributeData attribute, string argument)
    {
        if (CodecNames.Error(codec, NoCustomCodecs) is null || CodecNames.Error(codec, symbols.CustomCodecs) is not { } error)
        {
            return true;
        }

        var location = Locations.OfArgument(attribute, argument, -1, CancellationToken) ?? Locations.Of(app, CancellationToken);
        Report(Descriptors.CodecName, location, CodecFixes.ForName(codec, symbols), codec, error);
        return false;
    }
}
