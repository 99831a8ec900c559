# How `sam build` builds each function (their Metadata says BuildMethod: makefile, ContextPath: .):
# SAM runs `make --makefile <this file> build-<LogicalId>` in a copy of the function's module folder
# with ARTIFACTS_DIR set, and deploys what that folder then holds. Each function's shaded jar goes in
# $(ARTIFACTS_DIR)/lib, where Lambda's Java runtime puts it on the classpath.
#
# The jars are Maven's (`mvn -B package` builds the same ones): when any function's jar is older
# than a source or pom it is built from, the first target SAM runs builds every function in one
# Maven run, and the other targets find their jars fresh. Build the functions one after another
# (samconfig.toml keeps `sam build` from running them in parallel: they share Maven's target folders).

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
MVN ?= mvn -B -q

# logical id:module folder under functions/
FUNCTIONS := RegisterFunction:register ImportFunction:import IdentifyFunction:identify LogoutFunction:logout \
	PeopleFunction:people SendsFunction:sends DispatchFunction:dispatch SendApnsFunction:send-apns \
	SendFcmFunction:send-fcm EventsFunction:lifecycle
MODULES := $(foreach function,$(FUNCTIONS),$(word 2,$(subst :, ,$(function))))
JARS := $(foreach module,$(MODULES),$(ROOT)/functions/$(module)/target/$(module)-lambda.jar)
SOURCES := $(shell find $(ROOT)/shared $(addprefix $(ROOT)/functions/,$(MODULES)) -path '*/src/main/*' -type f) \
	$(wildcard $(ROOT)/pom.xml $(ROOT)/shared/*/pom.xml $(ROOT)/functions/*/pom.xml)

empty :=
space := $(empty) $(empty)
comma := ,
PROJECTS := $(subst $(space),$(comma),$(addprefix functions/,$(MODULES)))

$(JARS): $(SOURCES)
	cd "$(ROOT)" && $(MVN) package -DskipTests -pl $(PROJECTS) -am

define function_target
.PHONY: build-$(1)
build-$(1): $(ROOT)/functions/$(2)/target/$(2)-lambda.jar
	$$(if $$(ARTIFACTS_DIR),,$$(error ARTIFACTS_DIR is not set: sam build sets it to where the function's code goes))
	mkdir -p "$$(ARTIFACTS_DIR)/lib"
	cp "$$<" "$$(ARTIFACTS_DIR)/lib/"
endef

$(foreach function,$(FUNCTIONS),$(eval $(call function_target,$(word 1,$(subst :, ,$(function))),$(word 2,$(subst :, ,$(function))))))
