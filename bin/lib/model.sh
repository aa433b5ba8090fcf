# bin/streamer model train|evaluate|classify|bench — the emotion model of models/ (see models/README.md).
#   train [--fine-tune]        fine-tune MiniLM's top layers + the head on GoEmotions (without --fine-tune: the head
#                              only), write encoder, head and model card into models/inference/src/main/resources
#   evaluate [--split dev|test] single-label macro_f1, per-class F1, confusion matrix; multi-label macro-F1 at 0.3
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
  ensure_built models/inference
  cp="$(module_classpath models/training)"
  # training keeps the frozen layers' token states of ~54k texts in memory (~2 GB)
  # shellcheck disable=SC2086
  exec "$JAVA" ${STREAMER_MODEL_JAVA_OPTS:--Xmx6g} \
    -DSTREAMER_ROOT="$STREAMER_ROOT" -DSTREAMER_HOME="$STREAMER_HOME" \
    -DSTREAMER_DATA="${STREAMER_DATA:-$STREAMER_ROOT/data/goemotions}" \
    -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$STREAMER_HOME/djl-cache}" -DENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$STREAMER_HOME/djl-cache}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error \
    -cp "$cp" dev.streamer.models.cli.ModelCli "$@"
}
