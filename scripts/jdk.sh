# Sourced by ./ntk4j, ./run-tests and .ci/run: finds a JDK 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25, then any JDK 25 under /usr/lib/jvm, else a clear message.

ntk4j_java_major() {  # prints the feature version of the java binary given, e.g. 25
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

ntk4j_find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(ntk4j_java_major "$JAVA_HOME/bin/java")" = "25" ]; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(ntk4j_java_major "$candidate/bin/java")" = "25" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<'MSG'
ntk4j: needs a JDK 25 and found none (JAVA_HOME is not a JDK 25, nothing under /usr/lib/jvm).
  Install one, e.g. Eclipse Temurin 25:
    apt-get install -y temurin-25-jdk      (after adding the Adoptium apt repository)
  or download it from https://adoptium.net and set JAVA_HOME to its folder.
MSG
  return 1
}

# JVM flags for running ntk4j code (kept in step with ntk4j.jvm.flags in pom.xml). NewRatio=15: the
# young generation gets 1/16 of the heap instead of 1/3, so stored features (long-lived, in the old
# generation) can use ~94 % of -Xmx. Blocks too large for it are allocated in the old generation
# directly, which is where they would end up anyway.
NTK4J_JVM_FLAGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -XX:NewRatio=15"
