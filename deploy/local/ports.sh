#!/usr/bin/env bash
# Ports of one local environment; sourced by the scripts here and read by the
# Makefile. dev and test differ so `make test` can run while `make run` is up.
case "${1:-dev}" in
  dev)  CRM_PG_PORT=${CRM_PG_PORT:-15432}; CRM_REDIS_PORT=${CRM_REDIS_PORT:-16379}; CRM_GRPC_BASE_PORT=${CRM_GRPC_BASE_PORT:-50050} ;;
  test) CRM_PG_PORT=${CRM_PG_PORT:-25432}; CRM_REDIS_PORT=${CRM_REDIS_PORT:-26379}; CRM_GRPC_BASE_PORT=${CRM_GRPC_BASE_PORT:-51050} ;;
  *) echo "unknown environment: $1 (dev or test)" >&2; return 2 2>/dev/null || exit 2 ;;
esac
export CRM_PG_PORT CRM_REDIS_PORT CRM_GRPC_BASE_PORT
export CRM_PG_DSN="host=127.0.0.1 port=$CRM_PG_PORT user=crm dbname=crm"
export CRM_REDIS_ADDRESS="127.0.0.1:$CRM_REDIS_PORT"
