# chatconform — run `make` for the list of targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
TOOLS     := .tools
NODE_BIN  := $(TOOLS)/node_modules/.bin
OPENAPI   := $(filter-out %.asyncapi.yaml,$(wildcard spec/*.yaml))
ASYNCAPI  := $(wildcard spec/*.asyncapi.yaml)

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

BIN       := bin
# Static binaries (the image's too, so they share the build cache); -buildvcs=auto stamps
# the VCS revision into them (chatmock --version) even where the environment turns it off.
GO_BUILD  := CGO_ENABLED=0 $(GO) build -buildvcs=auto -trimpath

.PHONY: run
ARGS ?=
run: ## Run the mock on 127.0.0.1:8080 with the default fixtures (pass flags with ARGS="--strict").
	$(GO_BUILD) -o $(BIN)/chatmock ./cmd/chatmock
	exec $(BIN)/chatmock $(ARGS)

.PHONY: build
build: ## Build every command (chatmock, chatconform, chatload, chatfixtures), static, into bin/.
	$(GO_BUILD) -o $(BIN)/ ./cmd/chatmock ./cmd/chatconform ./cmd/chatload ./cmd/chatfixtures

IMAGE          ?= chatconform:dev
IMAGE_CONTEXT  ?= $(BIN)/image
CONTAINER_TOOL ?= $(firstword $(foreach t,buildah docker podman,$(if $(shell command -v $(t)),$(t))))

.PHONY: image
image: ## Build the container image IMAGE (chatmock as entrypoint, and chatconform; static, FROM scratch) with buildah, docker or podman.
	@[ -n "$(CONTAINER_TOOL)" ] || { echo "make image: install buildah, docker or podman (or set CONTAINER_TOOL)"; exit 1; }
	rm -rf $(IMAGE_CONTEXT) && mkdir -p $(IMAGE_CONTEXT)
	GOOS=linux $(GO_BUILD) -o $(IMAGE_CONTEXT)/ ./cmd/chatmock ./cmd/chatconform
	$(CONTAINER_TOOL) build -f Containerfile -t $(IMAGE) $(IMAGE_CONTEXT)

.PHONY: specs
specs: ## Validate the embedded specs and summarise them.
	$(GO) run ./cmd/chatmock specs -v

.PHONY: test
test: go-test lint ## Run every test: go test -race, then the independent spec linters.

INTEROP := mock/testdata/cometd-interop

.PHONY: go-test
go-test: $(INTEROP)/node_modules/.installed ## go test -race over every package, then the conformance suite in parallel and against the mock's variation mode.
	CHATCONFORM_INTEROP=1 CHATCONFORM_PROFILE=all $(GO) test -race -count=1 ./...
	$(GO) tool ginkgo -p --randomize-all --race ./conformance -- --profile=all
	$(GO) test -race -count=1 ./conformance -args --profile=all --vary=7

$(INTEROP)/node_modules/.installed: $(INTEROP)/package.json $(INTEROP)/package-lock.json
	npm ci --prefix $(INTEROP) --no-audit --no-fund
	touch $@

.PHONY: lint
lint: lint-ci $(NODE_BIN)/.installed ## Validate the specs with Redocly and the AsyncAPI parser; generate and type-check TypeScript types.
	$(NODE_BIN)/redocly lint --config $(TOOLS)/redocly.yaml $(OPENAPI)
	node $(TOOLS)/asyncapi-lint.mjs $(ASYNCAPI)
	rm -rf $(TOOLS)/out && mkdir -p $(TOOLS)/out
	for f in $(OPENAPI); do \
	  $(NODE_BIN)/openapi-typescript "$$f" -o "$(TOOLS)/out/$$(basename "$$f" .yaml).ts"; \
	done
	$(NODE_BIN)/tsc --noEmit --strict --target es2020 --module es2020 --moduleResolution bundler $(TOOLS)/out/*.ts $(TOOLS)/types-usage.ts
	@echo "lint: every document is valid, and its TypeScript types compile"

.PHONY: lint-ci
lint-ci: ## Lint the CI recipes of docs/ci/ with actionlint (pinned in go.mod; uses shellcheck when installed).
	$(GO) tool actionlint docs/ci/github-*.yml
	@echo "lint-ci: the GitHub Actions workflows pass actionlint (the GitLab file is checked by go test ./cmd/)"

$(NODE_BIN)/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	npm ci --prefix $(TOOLS) --no-audit --no-fund
	touch $@

.PHONY: check
check: check-static test ## Everything CI runs: check-static, then test.

.PHONY: check-static
check-static: ## gofmt, go vet, go mod tidy diff, go generate diff.
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) mod tidy -diff
	$(GO) generate ./...
	@git diff --exit-code -- . ':!$(TOOLS)/out' || (echo "go generate changed committed files"; exit 1)

TARGET ?=
.PHONY: certify
certify: ## Certify TARGET (default: the in-repo mock) with every check; reports in reports/.
	$(GO) run ./cmd/chatconform run --profile all --report-dir reports $(if $(TARGET),--target $(TARGET))

BENCH_TIME   ?= 10s
BENCH_CONNS  ?= 32
BENCH_AGENTS ?= 1000
PRISM_DIR    := $(TOOLS)/prism
PRISM        := $(PRISM_DIR)/node_modules/.bin/prism

.PHONY: bench-build
bench-build: ## Build chatmock and chatload into bin/.
	$(GO_BUILD) -o $(BIN)/ ./cmd/chatmock ./cmd/chatload

.PHONY: bench
bench: bench-build ## Go benchmarks of the hot paths, chatmock's start-up, then load on chatmock vs the floor (BENCH_TIME, BENCH_CONNS, BENCH_AGENTS).
	$(GO) test -run '^$$' -bench . -benchmem ./mock/...
	$(BIN)/chatload startup --chatmock $(BIN)/chatmock
	for s in gws-poll so-after acquire-read; do \
	  $(BIN)/chatload compare --chatmock $(BIN)/chatmock --scenario $$s --conns $(BENCH_CONNS) --duration $(BENCH_TIME); \
	done
	$(BIN)/chatload cometd --chatmock $(BIN)/chatmock --agents $(BENCH_AGENTS) --duration $(BENCH_TIME)

.PHONY: bench-peers
bench-peers: bench-build $(PRISM_DIR)/node_modules/.installed ## Compare gws-poll on chatmock, the floor and Prism (pinned in .tools/prism).
	$(BIN)/chatload compare --chatmock $(BIN)/chatmock --scenario gws-poll --conns $(BENCH_CONNS) --duration $(BENCH_TIME) \
	  --peer-name prism --peer-cmd "$(PRISM) mock -h 127.0.0.1 -p {port} spec/gws-chat.yaml"

$(PRISM_DIR)/node_modules/.installed: $(PRISM_DIR)/package.json $(PRISM_DIR)/package-lock.json
	npm ci --prefix $(PRISM_DIR) --no-audit --no-fund
	touch $@

.PHONY: screenshots
screenshots: $(INTEROP)/node_modules/.installed ## Regenerate the console screenshots of README.md (docs/*.png) from the console's Chromium tests.
	mkdir -p docs
	CHATCONFORM_BROWSER=1 CHATCONFORM_SCREENSHOTS=$(CURDIR)/docs $(GO) test -count=1 -run '^TestConsole(ChatActs|RequestLog)$$' ./mock/

.PHONY: clean
clean: ## Remove installed Node tools, generated output and bin/.
	rm -rf $(TOOLS)/node_modules $(TOOLS)/out $(INTEROP)/node_modules $(PRISM_DIR)/node_modules $(BIN)

FUZZTIME    ?= 30s
FUZZMINTIME ?= 5s

.PHONY: fuzz
fuzz: ## Fuzz each vendor's requests and the Bayeux server for FUZZTIME each (new failures are written to the package's testdata/fuzz).
	$(GO) test -run '^$$' -fuzz '^FuzzGWS$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) ./mock/gws/
	$(GO) test -run '^$$' -fuzz '^FuzzSuperOffice$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) ./mock/superoffice/
	$(GO) test -run '^$$' -fuzz '^FuzzAcquire$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) ./mock/acquire/
	$(GO) test -run '^$$' -fuzz '^FuzzBayeux$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) ./mock/bayeux/
