using MassTransit;
using Orchestration.Domain.Calendar;

// The workers' own process, for the production shape. It loads the working-day calendar the publication
// gate counts with, so a bad bank-holidays file stops it at start just as it stops the orchestrator.
var builder = Host.CreateApplicationBuilder(args);
var bankHolidays = builder.Configuration["StatutoryClock:BankHolidaysFile"];
builder.Services.AddSingleton(provider => WorkingDayCalendar.FromConfiguredFile(
    bankHolidays, provider.GetRequiredService<ILoggerFactory>().CreateLogger<WorkingDayCalendar>()));
builder.Services.AddMassTransit(bus => bus.UsingInMemory((context, config) => config.ConfigureEndpoints(context)));

var host = builder.Build();
host.Services.GetRequiredService<WorkingDayCalendar>();
host.Run();
