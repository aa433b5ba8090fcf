# bin/streamer generate [demo|load] [OPTIONS]: the crowd generator (generator/README.md). Runs in the foreground;
# Ctrl-C stops it and writes the ground-truth report (default folder: .streamer/generator/).

main() {
  local cp
  cp="$(module_classpath generator)"
  export STREAMER_GENERATOR_REPORTS="${STREAMER_GENERATOR_REPORTS:-$STREAMER_HOME/generator}"
  mkdir -p "$STREAMER_GENERATOR_REPORTS"
  exec "$JAVA" -Djava.awt.headless=true -Xmx"${STREAMER_GENERATOR_HEAP:-512m}" -cp "$cp" \
    dev.streamer.generator.GeneratorCli "$@"
}
