// Command etcd is the etcd server, as etcd's own main package (go.etcd.io/etcd/v3)
// builds it: etcdmain.Main with the process arguments.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
