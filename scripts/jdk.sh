# Sourced by the scripts: points JAVA_HOME at a JDK of version 21 or newer, or fails saying how to get one.
# Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, else the newest 21+ JDK in the usual places.

escqrs_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

escqrs_pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(escqrs_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(readlink -f "$(command -v java)")
    major=$(escqrs_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA_HOME=$(dirname "$(dirname "$candidate")"); export JAVA_HOME; return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                   "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(escqrs_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "escqrs needs a JDK of version 21 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, java on PATH:" \
         "$(command -v java || echo none))." >&2
    echo "Install one (for example Temurin 21 or 25 from https://adoptium.net) and set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best; export JAVA_HOME
}

escqrs_quiet_jvm_flags() { # JDK 24+ warns about sun.misc.Unsafe in Maven's own Guava; earlier JDKs lack the flag
  local major
  major=$(escqrs_java_major "$JAVA_HOME/bin/java")
  if [ "$major" -ge 24 ]; then
    echo "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  fi
}

escqrs_maven_opts() {
  MAVEN_OPTS="${MAVEN_OPTS:-} $(escqrs_quiet_jvm_flags)"
  export MAVEN_OPTS
}

escqrs_strip_ansi() { # Debian's Maven 3.8 writes ESC[0m even in batch mode; a log wants none
  sed -u 's/\x1b\[[0-9;]*m//g'
}

