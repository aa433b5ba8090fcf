#!/usr/bin/env bash
# The cluster test (k8s/README.md, "Cluster test"): a kind cluster with Strimzi and the Flink Kubernetes Operator, the
# four images built and loaded with `kind load`, the dev overlay applied, then the black-box exactness check of e2e/
# (StackExactnessIT) through port-forwards. Needs docker, kind, kubectl, helm, Maven, Java 17, openssl and internet
# access (operator charts, base images). KEEP_CLUSTER=1 leaves the cluster running afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLUSTER=${CLUSTER:-streamer-e2e}
STRIMZI_VERSION=1.0.1
FLINK_OPERATOR_VERSION=1.15.0
EDGE_PORT=${EDGE_PORT:-18080} PUSH_PORT=${PUSH_PORT:-18090} DB_PORT=${DB_PORT:-13306}
NS=streamer
log() { echo "e2e: $*"; }

for tool in docker kind kubectl helm mvn java openssl; do
  command -v "$tool" >/dev/null || { log "$tool is required"; exit 1; }
done

forwards=()
cleanup() {
  local rc=$?
  for pid in "${forwards[@]}"; do kill "$pid" 2>/dev/null || true; done
  if ((rc != 0)); then
    log "failed (exit $rc); state of the namespace:"
    kubectl -n "$NS" get kafka,kafkanodepool,kafkatopic,flinkdeployment,pods 2>/dev/null || true
    kubectl -n "$NS" describe flinkdeployment streamer-job 2>/dev/null | tail -n 30 || true
  fi
  if [[ "${KEEP_CLUSTER:-0}" != 1 ]]; then kind delete cluster --name "$CLUSTER" || true; fi
  exit "$rc"
}
trap cleanup EXIT

VERSION=$(mvn -q help:evaluate -Dexpression=project.version -DforceStdout)
TAG=${VERSION%-SNAPSHOT}
log "project $VERSION, images tagged $TAG"

log "building the jars and the images"
mvn -B -q -pl ui,edge-api,live-push,generator,flink-job -am install -DskipTests
mvn -B -q -pl generator dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib
docker build -q -f k8s/docker/edge-api.Dockerfile -t "streamer/edge-api:$TAG" .
docker build -q -f k8s/docker/live-push.Dockerfile -t "streamer/live-push:$TAG" .
docker build -q -f k8s/docker/generator.Dockerfile --build-arg "VERSION=$VERSION" -t "streamer/generator:$TAG" .
docker build -q -f k8s/docker/flink-job.Dockerfile --build-arg "VERSION=$VERSION" -t "streamer/flink-job:$TAG" .

log "creating kind cluster $CLUSTER"
kind create cluster --name "$CLUSTER" --wait 5m
for image in edge-api live-push generator flink-job; do
  kind load docker-image --name "$CLUSTER" "streamer/$image:$TAG"
done

log "installing Strimzi $STRIMZI_VERSION and the Flink Kubernetes Operator $FLINK_OPERATOR_VERSION"
kubectl apply -f k8s/base/namespace.yaml
kubectl create namespace strimzi
helm install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator --version "$STRIMZI_VERSION" \
  -n strimzi --set watchNamespaces="{$NS}" --wait
helm repo add flink-operator-repo "https://downloads.apache.org/flink/flink-kubernetes-operator-$FLINK_OPERATOR_VERSION/"
# no webhook: it needs cert-manager, and the CRD schemas already validate the FlinkDeployment
helm install flink-kubernetes-operator flink-operator-repo/flink-kubernetes-operator --version "$FLINK_OPERATOR_VERSION" \
  -n flink-operator --create-namespace --set watchNamespaces="{$NS}" --set webhook.create=false --wait

log "creating the Secrets"
ROOT_PASSWORD=$(openssl rand -hex 16)
kubectl -n "$NS" create secret generic mysql-credentials \
  --from-literal=root-password="$ROOT_PASSWORD" --from-literal=password="$(openssl rand -hex 16)"
keys=$(mktemp -d)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/jwt-private.pem" 2>/dev/null
openssl pkey -in "$keys/jwt-private.pem" -pubout -out "$keys/jwt-public.pem"
kubectl -n "$NS" create secret generic streamer-jwt \
  --from-file=jwt-private.pem="$keys/jwt-private.pem" --from-file=jwt-public.pem="$keys/jwt-public.pem"
rm -r "$keys"

log "applying the dev overlay"
kubectl apply -k k8s/overlays/dev
# the browser-facing addresses: the port-forwards below instead of the Ingress host
kubectl -n "$NS" patch configmap edge-api-config --type=merge \
  -p "{\"data\":{\"STREAMER_PUBLIC_LIVE_PUSH_URL\":\"ws://127.0.0.1:$PUSH_PORT\"}}"
kubectl -n "$NS" patch configmap live-push-config --type=merge \
  -p "{\"data\":{\"STREAMER_ALLOWED_ORIGINS\":\"http://127.0.0.1:$EDGE_PORT\"}}"
kubectl -n "$NS" rollout restart deployment/edge-api deployment/live-push

log "waiting for Kafka Ready"
kubectl -n "$NS" wait kafka/streamer --for=condition=Ready --timeout=15m
kubectl -n "$NS" wait kafkatopic --all --for=condition=Ready --timeout=5m
log "waiting for MySQL, edge-api and live-push"
kubectl -n "$NS" rollout status statefulset/mysql --timeout=10m
kubectl -n "$NS" rollout status deployment/edge-api --timeout=10m
kubectl -n "$NS" rollout status deployment/live-push --timeout=10m
log "waiting for the Flink job RUNNING"
kubectl -n "$NS" wait flinkdeployment/streamer-job --for=jsonpath='{.status.jobStatus.state}'=RUNNING --timeout=20m

log "port-forwards: edge-api $EDGE_PORT, live-push $PUSH_PORT, mysql $DB_PORT"
kubectl -n "$NS" port-forward svc/edge-api "$EDGE_PORT:8080" >/dev/null & forwards+=($!)
kubectl -n "$NS" port-forward svc/live-push "$PUSH_PORT:8090" >/dev/null & forwards+=($!)
kubectl -n "$NS" port-forward pod/mysql-0 "$DB_PORT:3306" >/dev/null & forwards+=($!)
for port in "$EDGE_PORT" "$PUSH_PORT" "$DB_PORT"; do
  for _ in $(seq 1 30); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 1; done
done

log "running the exactness check (StackExactnessIT)"
STREAMER_E2E_URL="http://127.0.0.1:$EDGE_PORT" \
STREAMER_E2E_PUSH_URL="ws://127.0.0.1:$PUSH_PORT" \
STREAMER_E2E_DB_URL="jdbc:mysql://127.0.0.1:$DB_PORT/streamer?sslMode=DISABLED&allowPublicKeyRetrieval=true" \
STREAMER_E2E_DB_USER=root STREAMER_E2E_DB_PASSWORD="$ROOT_PASSWORD" \
  mvn -B -Pe2e -pl e2e verify -Dit.test=StackExactnessIT
log "passed"
