// Command etcd is upstream's server/main.go: etcd's own module carries local
// replace lines, so `go install go.etcd.io/etcd/server/v3` cannot build it;
// this wrapper module requires the server at a pinned release instead.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
