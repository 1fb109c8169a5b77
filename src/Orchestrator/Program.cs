using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Timetable;

if (args is [TimelineCommand.Verb, ..])
{
    return TimelineCommand.Run(args, CommandLineConfiguration.Build(), Console.Out, Console.Error);
}

if (args is [LifecycleDiagram.Verb])
{
    Console.Out.Write(LifecycleDiagram.Markdown());
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddOrchestrator();

var app = builder.Build();
app.MapOrchestrator();
app.Run();
return 0;

/// <summary>The orchestrator's entry point; public so the tests can host it.</summary>
public partial class Program;
