# syntax=docker/dockerfile:1
# Build: docker build --build-arg VERSION="$(git describe --tags --always --dirty)" -t sdbot .
# Run:   see README.md (a config file turns the platforms on; secrets come
#        from the environment). deploy/image-check runs this image's binary
#        as the image would, without a Docker engine.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags "-s -w -X main.version=${VERSION}" -o /out/sdbot ./cmd/sdbot \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
# distroless/static ships CA certificates and tzdata; the binary also embeds
# Go's zone database (-tags timetzdata). The nonroot user is uid 65532.
COPY --from=build /out/sdbot /usr/local/bin/sdbot
COPY --from=build --chown=65532:65532 /out/data /data
ENV SDBOT_DATA_DIR=/data SDBOT_HTTP_ADDR=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
# Numeric, so Kubernetes' runAsNonRoot can verify it (a name cannot be).
USER 65532:65532
ENTRYPOINT ["sdbot"]
CMD ["serve"]
