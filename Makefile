# Grove — the two commands a fresh Debian machine with Swift needs:
#   make run    installs what is missing, builds release, starts the demo server
#   make test   installs what is missing, builds, runs every test
SWIFT       ?= swift
HOST        ?= 127.0.0.1
PORT        ?= 8080
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq

.PHONY: deps bench-deps valgrind-deps build release run test sanitize clean

## deps: system packages the build needs (libuv through pkg-config).
deps:
	@command -v pkg-config >/dev/null || { $(SUDO) apt-get update -qq && $(APT_INSTALL) pkg-config; }
	@pkg-config --exists libuv || { $(SUDO) apt-get update -qq && $(APT_INSTALL) libuv1-dev; }

## bench-deps: what the benchmarks load-test with and compare against.
bench-deps: deps
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { $(SUDO) apt-get update -qq && $(APT_INSTALL) wrk nginx-light; }

## valgrind-deps: what `bench/run instructions` counts with (callgrind).
valgrind-deps: bench-deps
	@command -v valgrind >/dev/null || { $(SUDO) apt-get update -qq && $(APT_INSTALL) valgrind; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	$(SWIFT) run -c release grove serve --bind $(HOST):$(PORT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf .build

## fuzz: builds the parser's libFuzzer target and runs it for FUZZ_SECONDS (default 60);
## crash artifacts land in fuzz-out/, and a crash fails the target.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	$(SWIFT) build -c release --scratch-path .build-fuzz --product grove-fuzz-parser -Xswiftc -sanitize=fuzzer -Xswiftc -DGROVE_FUZZING
	bash fuzz/run-parser-fuzzer.sh $(FUZZ_SECONDS)

## sanitize: the whole suite under ThreadSanitizer, then under AddressSanitizer, each in its own
## scratch path. -DGROVE_TSAN swaps Synchronization.Mutex for a pthread mutex TSan can see
## (Sources/SanitizerVisibleMutex explains why); the integration tests run the sanitized grove.
## GROVE_SANITIZER=thread tells TaskScopesTests.MemoryTests that its probe's RSS includes TSan's
## shadow memory (it widens its bound; see residentGrowthLimit). GROVE_TEST_TIMEOUT_SCALE makes
## every bounded wait of the tests that many times longer (Tests/GroveTestSupport/TestTimeouts):
## sanitized code runs several times slower, and the whole suite runs at once.
SANITIZE_TIMEOUT_SCALE ?= 6
SANITIZE_TSAN_FLAGS := --sanitize=thread --scratch-path .build-tsan -Xswiftc -DGROVE_TSAN
SANITIZE_ASAN_FLAGS := --sanitize=address --scratch-path .build-asan
.PHONY: sanitize sanitize-thread sanitize-address
sanitize: sanitize-thread sanitize-address
sanitize-thread: deps
	$(SWIFT) build --build-tests $(SANITIZE_TSAN_FLAGS)
	GROVE_SANITIZER=thread GROVE_TEST_TIMEOUT_SCALE=$(SANITIZE_TIMEOUT_SCALE) $(SWIFT) test $(SANITIZE_TSAN_FLAGS)
## LeakSanitizer (ASan's exit-time leak check) is off; every memory-error check stays on. At exit
## it reports memory that is only unreachable because (1) a scope tree is a reference cycle by
## design (each TaskScope holds its children, each child its `parent`; a tree lives as long as
## its worker, and the TaskScopes tests drop dozens), and (2) the master and the workers exit with
## their process-lifetime objects (driver, loop, read-buffer pool) alive; the report also turns
## the old master's exit code after a SIGUSR2 upgrade into a failure (UpgradeTests).
sanitize-address: deps
	$(SWIFT) build --build-tests $(SANITIZE_ASAN_FLAGS)
	ASAN_OPTIONS="$(ASAN_OPTIONS):detect_leaks=0" GROVE_TEST_TIMEOUT_SCALE=$(SANITIZE_TIMEOUT_SCALE) $(SWIFT) test $(SANITIZE_ASAN_FLAGS)
