# FUMS-DCU runtime: every bundle the DCU's Felix runs, with its start level.
#
# This file is the one reviewed list of the runtime. The distribution ships it
# as bundles/runtime.feature; the launcher installs exactly these bundles, in
# this order, at these levels; the OSGi integration test runs the same list.
# Versions are pinned in the root pom (target-platform BOM for third-party
# bundles); a build test checks that this list and the shipped jars agree.
#
# <start level> <groupId>:<artifactId>

# 1: OSGi APIs that the core services need, and logging
1 org.osgi:org.osgi.util.function
1 org.osgi:org.osgi.util.promise
1 org.osgi:org.osgi.service.component
1 org.osgi:org.osgi.service.condition
1 org.slf4j:slf4j-api
1 org.slf4j:slf4j-simple
1 org.apache.felix:org.apache.felix.log

# 2: core services: configuration, declarative services, metatype, events
2 org.apache.felix:org.apache.felix.configadmin
# Configuration Admin's store, fsynced (felix.cm.pm=fums-durable: Configuration Admin waits for it)
2 io.fums:io.fums.cm
2 org.apache.felix:org.apache.felix.scr
2 org.apache.felix:org.apache.felix.metatype
2 org.apache.felix:org.apache.felix.eventadmin

# 3: shell for technicians on site, and health checks for software swaps
3 org.apache.felix:org.apache.felix.gogo.runtime
3 org.apache.felix:org.apache.felix.gogo.command
3 org.apache.felix:org.apache.felix.gogo.shell
3 jakarta.servlet:jakarta.servlet-api
3 org.osgi:org.osgi.service.servlet
3 org.apache.felix:org.apache.felix.healthcheck.api
3 org.apache.felix:org.apache.felix.healthcheck.core
3 org.apache.felix:org.apache.felix.healthcheck.generalchecks

# 4: libraries: crypto, serial ports, MQTT 5, SQLite, JSON
4 org.bouncycastle:bcprov-jdk18on
4 org.bouncycastle:bcutil-jdk18on
4 org.bouncycastle:bcpkix-jdk18on
4 com.fazecast:jSerialComm
4 io.fums.wrap:org.eclipse.paho.mqttv5.client
4 org.xerial:sqlite-jdbc
4 com.google.code.gson:gson

# 10: FUMS
10 io.fums:io.fums.api
10 io.fums:io.fums.runtime
10 io.fums:io.fums.store
10 io.fums:io.fums.crypto
10 io.fums:io.fums.security
10 io.fums:io.fums.deploy
10 io.fums:io.fums.cloud.mqtt
10 io.fums:io.fums.shell
10 io.fums:io.fums.dlms
10 io.fums:io.fums.link.serial
10 io.fums:io.fums.meter.access
10 io.fums:io.fums.meter.reading
10 io.fums:io.fums.meter.upgrade
# the meters on the cloud link (operations, state and events of the two meter bundles), started after
# them (Felix starts the bundles of one level in install order; levels above 10 belong to software
# features); a bundle of its own so that a swap of a meter bundle never refreshes the link itself
10 io.fums:io.fums.cloud.meters
