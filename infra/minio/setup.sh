#!/bin/sh
# One-shot MinIO setup: bucket with versioning, anonymous read on the release prefix only,
# and a publisher user limited to that prefix (same policy as infra/aws/publisher-iam-policy.json).
set -eu
mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "local/$GOVPUB_BUCKET"
mc version enable "local/$GOVPUB_BUCKET"
mc anonymous set download "local/$GOVPUB_BUCKET/$GOVPUB_PREFIX"
sed -e "s/\${BUCKET}/$GOVPUB_BUCKET/g" -e "s/\${PREFIX}/$GOVPUB_PREFIX/g" /infra/publisher-policy.json > /tmp/publisher.json
mc admin policy create local govpub-publisher /tmp/publisher.json
mc admin user add local "$GOVPUB_ACCESS_KEY" "$GOVPUB_SECRET_KEY"
mc admin policy attach local govpub-publisher --user "$GOVPUB_ACCESS_KEY"
