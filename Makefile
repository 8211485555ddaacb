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

.PHONY: run
ARGS ?=
run: ## Run the mock on 127.0.0.1:8080 with the default fixtures (pass flags with ARGS="--strict").
	$(GO) run ./cmd/chatmock $(ARGS)

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
lint: $(NODE_BIN)/.installed ## Validate the specs with Redocly and the AsyncAPI parser; generate and type-check TypeScript types.
	$(NODE_BIN)/redocly lint --config $(TOOLS)/redocly.yaml $(OPENAPI)
	node $(TOOLS)/asyncapi-lint.mjs $(ASYNCAPI)
	rm -rf $(TOOLS)/out && mkdir -p $(TOOLS)/out
	for f in $(OPENAPI); do \
	  $(NODE_BIN)/openapi-typescript "$$f" -o "$(TOOLS)/out/$$(basename "$$f" .yaml).ts"; \
	done
	$(NODE_BIN)/tsc --noEmit --strict --target es2020 --module es2020 --moduleResolution bundler $(TOOLS)/out/*.ts $(TOOLS)/types-usage.ts
	@echo "lint: every document is valid, and its TypeScript types compile"

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

.PHONY: bench
bench: ## Run the Go benchmarks.
	$(GO) test -run '^$$' -bench . -benchmem ./...

.PHONY: clean
clean: ## Remove installed Node tools and generated output.
	rm -rf $(TOOLS)/node_modules $(TOOLS)/out $(INTEROP)/node_modules
