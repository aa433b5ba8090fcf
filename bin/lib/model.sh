# bin/streamer model train|evaluate|classify|bench — the emotion model of models/ (see models/README.md).
#   train                      train the head on GoEmotions, write it and its model card into models/src/main/resources
#   evaluate [--split dev|test] accuracy, macro_f1, per-class F1 and confusion matrix of the shipped (or --head) head
#   classify                   lines on stdin -> label<TAB>score<TAB>text
#   bench                      EmotionClassifier vs a raw ONNX Runtime session (posts/s, CPU-ms/post, ratio, peak RSS)
# Extra JVM flags: STREAMER_MODEL_JAVA_OPTS. Data folder: --data or STREAMER_DATA (default data/goemotions).

main() {
  local sub="${1:-}"
  case "$sub" in
    train|evaluate|classify|bench|-h|--help|help) ;;
    *) die "usage: bin/streamer model train|evaluate|classify|bench [OPTIONS] (see models/README.md)" ;;
  esac
  [[ "$sub" == "help" ]] && set -- --help
  local cp
  cp="$(module_classpath models)"
  # shellcheck disable=SC2086
  exec "$JAVA" ${STREAMER_MODEL_JAVA_OPTS:-} \
    -DSTREAMER_ROOT="$STREAMER_ROOT" -DSTREAMER_HOME="$STREAMER_HOME" \
    -DSTREAMER_DATA="${STREAMER_DATA:-$STREAMER_ROOT/data/goemotions}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error \
    -cp "$cp" dev.streamer.models.cli.ModelCli "$@"
}
