namespace MemoryAssistant.Api.Simulator;

/// <summary>
/// <c>Simulator__Enabled</c>: the WhatsApp-like test page at <c>/simulator</c>. On by default in Development
/// only, so it is never exposed by accident in Production (its routes are then not mapped at all: 404).
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    public bool Enabled { get; init; }

    public static SimulatorOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        return new SimulatorOptions { Enabled = configuration.GetValue<bool?>($"{Section}:Enabled") ?? environment.IsDevelopment() };
    }
}
