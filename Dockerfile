# The entente server as a container image: a static binary on an empty
# base, run as a non-root user. See docs/deploy.md.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/entente ./cmd/entente \
 && mkdir -p /out/data && chown 65532:65532 /out/data

FROM scratch
COPY --from=build /out/entente /entente
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/entente", "serve", "--addr", ":8080", "--data", "/data"]
