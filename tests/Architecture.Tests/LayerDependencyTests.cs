using System.Reflection;
using FluentValidation;
using MediatR;
using MemoryAssistant.Application.Common.Messaging;
using NetArchTest.Rules;

namespace MemoryAssistant.Architecture.Tests;

/// <summary>
/// Clean Architecture rules: dependencies point inwards (Api → Infrastructure → Application → Domain) and
/// the building blocks follow their naming conventions.
/// </summary>
/// <remarks>
/// NetArchTest.Rules 1.3.2 misses offenders when several names are passed to HaveDependencyOnAny or several
/// conditions are chained with And(), so every forbidden dependency and every condition is checked on its own,
/// and type selection is double-checked by reflection. Each failure lists the offending types.
/// </remarks>
public sealed class LayerDependencyTests
{
    private const string DomainNamespace = "MemoryAssistant.Domain";
    private const string ApplicationNamespace = "MemoryAssistant.Application";
    private const string InfrastructureNamespace = "MemoryAssistant.Infrastructure";
    private const string ApiNamespace = "MemoryAssistant.Api";
    private const string ControllersNamespace = "MemoryAssistant.Api.Controllers";

    private static readonly Assembly _domain = typeof(Domain.Users.User).Assembly;
    private static readonly Assembly _application = typeof(Application.DependencyInjection).Assembly;
    private static readonly Assembly _infrastructure = typeof(Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly _api = typeof(Api.Controllers.WebhookController).Assembly;

    [Fact]
    public void Domain_DependsOnNoOtherLayerNorFramework()
    {
        string[] forbidden =
        [
            ApplicationNamespace, InfrastructureNamespace, ApiNamespace,
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MediatR", "Dapper",
        ];

        var offenders = TypesDependingOn(() => Types.InAssembly(_domain).That().ResideInNamespaceStartingWith(DomainNamespace), forbidden)
            .Concat(AssemblyReferencesTo(_domain, forbidden));

        ShouldBeNone(offenders, "the domain depends on nothing but NodaTime and the BCL");
    }

    [Fact]
    public void Application_DoesNotDependOnInfrastructureOrApi()
    {
        string[] forbidden = [InfrastructureNamespace, ApiNamespace, "Microsoft.AspNetCore", "Microsoft.Data.Sqlite"];

        var offenders = TypesDependingOn(() => Types.InAssembly(_application).That().ResideInNamespaceStartingWith(ApplicationNamespace), forbidden)
            .Concat(AssemblyReferencesTo(_application, forbidden));

        ShouldBeNone(offenders, "the application layer knows only abstractions of storage and transport");
    }

    [Fact]
    public void Infrastructure_DoesNotDependOnApi()
    {
        string[] forbidden = [ApiNamespace];

        var offenders = TypesDependingOn(() => Types.InAssembly(_infrastructure).That().ResideInNamespaceStartingWith(InfrastructureNamespace), forbidden)
            .Concat(AssemblyReferencesTo(_infrastructure, forbidden));

        ShouldBeNone(offenders, "infrastructure is referenced by the API, never the other way round");
    }

    [Fact]
    public void RequestHandlers_AreNamedHandlerAndSealed()
    {
        var handlers = ConcreteTypes(_application).Where(t => Implements(t, typeof(IRequestHandler<,>))).ToList();
        handlers.Should().NotBeEmpty("the rule must select the application's handlers to mean anything");

        var offenders = Failing(Types.InAssembly(_application).That().ImplementInterface(typeof(IRequestHandler<,>))
                .Should().HaveNameEndingWith("Handler", StringComparison.Ordinal).GetResult())
            .Concat(Failing(Types.InAssembly(_application).That().ImplementInterface(typeof(IRequestHandler<,>))
                .Should().BeSealed().GetResult()))
            .Concat(Violating(handlers, t => t.Name.EndsWith("Handler", StringComparison.Ordinal) && t.IsSealed));

        ShouldBeNone(offenders, "every IRequestHandler<,> implementation is a sealed …Handler");
    }

    [Fact]
    public void Validators_AreNamedValidator()
    {
        var validators = ConcreteTypes(_application).Where(t => InheritsGeneric(t, typeof(AbstractValidator<>))).ToList();
        validators.Should().NotBeEmpty("the rule must select the application's validators to mean anything");

        ShouldBeNone(Violating(validators, t => t.Name.EndsWith("Validator", StringComparison.Ordinal)), "every AbstractValidator<T> subclass is named …Validator");
    }

    [Fact]
    public void Commands_AreNamedCommand()
    {
        var commands = ConcreteTypes(_application).Where(t => Implements(t, typeof(ICommand<>))).ToList();
        commands.Should().NotBeEmpty("the rule must select the application's commands to mean anything");

        var offenders = Failing(Types.InAssembly(_application).That().ImplementInterface(typeof(ICommand<>))
                .Should().HaveNameEndingWith("Command", StringComparison.Ordinal).GetResult())
            .Concat(Violating(commands, t => t.Name.EndsWith("Command", StringComparison.Ordinal)));

        ShouldBeNone(offenders, "every request implementing ICommand<> is named …Command");
    }

    [Fact]
    public void Queries_AreNamedQuery()
    {
        var queries = ConcreteTypes(_application).Where(t => Implements(t, typeof(IQuery<>))).ToList();
        queries.Should().NotBeEmpty("the rule must select the application's queries to mean anything");

        var offenders = Failing(Types.InAssembly(_application).That().ImplementInterface(typeof(IQuery<>))
                .Should().HaveNameEndingWith("Query", StringComparison.Ordinal).GetResult())
            .Concat(Violating(queries, t => t.Name.EndsWith("Query", StringComparison.Ordinal)));

        ShouldBeNone(offenders, "every request implementing IQuery<> is named …Query");
    }

    [Fact]
    public void Requests_AreEitherCommandsOrQueries()
    {
        var requests = ConcreteTypes(_application).Where(t => Implements(t, typeof(IRequest<>))).ToList();
        requests.Should().NotBeEmpty();

        ShouldBeNone(Violating(requests, t => Implements(t, typeof(ICommand<>)) ^ Implements(t, typeof(IQuery<>))), "a request is either an ICommand<> (runs in a transaction) or an IQuery<> (only reads)");
    }

    [Fact]
    public void Controllers_AreNamedController()
    {
        var controllers = Controllers();
        controllers.Should().NotBeEmpty("the rule must select the API's controllers to mean anything");

        var offenders = Failing(Types.InAssembly(_api).That().ResideInNamespace(ControllersNamespace).And().AreClasses().And().ArePublic()
                .Should().HaveNameEndingWith("Controller", StringComparison.Ordinal).GetResult())
            .Concat(Violating(controllers, t => t.Name.EndsWith("Controller", StringComparison.Ordinal)));

        ShouldBeNone(offenders, "controllers in MemoryAssistant.Api.Controllers are named …Controller");
    }

    [Fact]
    public void Controllers_DoNotDependOnPersistence()
    {
        string[] forbidden =
        [
            $"{InfrastructureNamespace}.Persistence",
            "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite", "Dapper",
            $"{ApplicationNamespace}.Common.Interfaces.IApplicationDbContext",
            $"{ApplicationNamespace}.Common.Interfaces.IReadDbConnectionFactory",
        ];

        var offenders = TypesDependingOn(() => Types.InAssembly(_api).That().ResideInNamespace(ControllersNamespace), forbidden)
            .Concat(MembersTyped(Controllers(), forbidden));

        ShouldBeNone(offenders, "controllers are thin: they dispatch through MediatR and never reach storage themselves");
    }

    private static List<Type> Controllers() =>
        _api.GetTypes().Where(t => t is { IsClass: true, IsPublic: true } && t.Namespace == ControllersNamespace).ToList();

    /// <summary>"Type → dependency" for every type that uses one of <paramref name="forbidden"/>, one NetArchTest query per name.</summary>
    private static IEnumerable<string> TypesDependingOn(Func<PredicateList> types, IEnumerable<string> forbidden) =>
        forbidden.SelectMany(dependency =>
            Failing(types().ShouldNot().HaveDependencyOn(dependency).GetResult()).Select(type => $"{type} → {dependency}"));

    /// <summary>Compile-time references of the assembly itself, which catch dependencies hidden inside method bodies.</summary>
    private static IEnumerable<string> AssemblyReferencesTo(Assembly assembly, IEnumerable<string> forbidden) =>
        assembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => forbidden.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(name => $"{assembly.GetName().Name} references assembly {name}");

    /// <summary>Constructor parameters, fields and properties whose type (or type argument) is forbidden.</summary>
    private static IEnumerable<string> MembersTyped(IEnumerable<Type> types, IEnumerable<string> forbidden)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var type in types)
        {
            var used = type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
                .Concat(type.GetFields(all).Select(f => f.FieldType))
                .Concat(type.GetProperties(all).Select(p => p.PropertyType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
            foreach (var name in used.SelectMany(Flatten).Select(t => t.FullName ?? t.Name).Distinct(StringComparer.Ordinal))
            {
                if (forbidden.FirstOrDefault(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal) || name.StartsWith(f + "`", StringComparison.Ordinal)) is { } hit)
                    yield return $"{type.FullName} → {hit}";
            }
        }
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        yield return element;
        if (element.IsGenericType)
        {
            foreach (var argument in element.GetGenericArguments().SelectMany(Flatten))
                yield return argument;
        }
    }

    private static IEnumerable<Type> ConcreteTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)));

    private static bool Implements(Type type, Type openInterface) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);

    private static bool InheritsGeneric(Type type, Type openBase)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == openBase)
                return true;
        }

        return false;
    }

    /// <summary>Fails with every offender listed (FluentAssertions' BeEmpty would name only the first).</summary>
    private static void ShouldBeNone(IEnumerable<string> offenders, string rule)
    {
        var offendingTypes = Distinct(offenders);
        offendingTypes.Should().BeEmpty(
            "{0}; {1} offending type(s):{2}{3}",
            rule, offendingTypes.Count, string.Concat(offendingTypes.Select(o => Environment.NewLine + "  - " + o)), Environment.NewLine);
    }

    private static IEnumerable<string> Failing(TestResult result) => result.FailingTypeNames ?? [];

    private static IEnumerable<string> Violating(IEnumerable<Type> types, Func<Type, bool> rule) =>
        types.Where(t => !rule(t)).Select(t => t.FullName ?? t.Name);

    private static List<string> Distinct(IEnumerable<string> offenders) =>
        offenders.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
