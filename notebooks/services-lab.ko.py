# ---
# jupyter:
#   translated_from: ca9ce196a7d7d2ea
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 실습: ClusterIP, NodePort, LoadBalancer
#
# 15분 정도 걸립니다. 서비스(Service)가 있으면 클라이언트는 파드(Pod)의 주소를 몰라도 애플리케이션에
# 접근할 수 있습니다. 서비스에는 차례로 위에 쌓이는 세 가지 유형, ClusterIP, NodePort, LoadBalancer가
# 있습니다(쿠버네티스 문서,
# [Service](https://kubernetes.io/docs/concepts/services-networking/service/)). 이 실습에서는
# 디플로이먼트(Deployment) 하나를 각 유형으로 노출해 보면서, API 서버가 무엇을 할당하는지 보고, 각 서비스
# 뒤에 있는 파드를 찾고, EKS에서 LoadBalancer 서비스가 어떤 로드 밸런서(load balancer)를 받는지
# 알아봅니다. 셀을 위에서 아래로 차례대로 실행합니다. 마지막 절에는 노트북이 답을 확인해 주는 연습 문제가
# 있습니다.
#
# 모든 값은 Ingress Lab의 서비스 계층 모델이 계산하므로 클러스터는 필요 없습니다. API 서버라면 무작위로
# 골랐을 주소와 포트를 여기서는 시드가 고정된 생성기가 고르므로, 몇 번을 실행해도 같은 숫자가 나옵니다.

# %% [markdown]
# ## 디플로이먼트 하나, 서비스 셋
#
# 매니페스트는 문자열이므로 직접 고쳐 볼 수 있습니다. 디플로이먼트 `hello` 하나와, 그 앞에 놓인 유형별
# 서비스 하나씩이 들어 있습니다. `ingresslab.loads`가 이 매니페스트를 읽고, `Cluster.from_manifests`가
# 매니페스트가 기술하는 클러스터, 즉 노드(Node)와 파드, 그리고 API 서버에 저장되는 모습 그대로의 서비스를
# 만듭니다.

# %%
import ingresslab
from ingresslab import Cluster

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
        - name: hello
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{name: http, containerPort: 80}]
"""
SERVICES = """
apiVersion: v1
kind: Service
metadata: {name: hello-clusterip}
spec: {type: ClusterIP, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: hello-nodeport}
spec: {type: NodePort, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: hello-lb}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
"""

manifests = ingresslab.loads(DEPLOYMENT + "---" + SERVICES, "services.yaml")
print("errors:", manifests.errors)
cluster = Cluster.from_manifests(manifests)
print(ingresslab.table(cluster.pods, "name", "ip", "node"))

# %% [markdown]
# 파드마다 자기 노드의 서브넷에서 받은 IP 주소가 하나씩 있습니다(EKS에서는 Amazon VPC CNI가 파드에
# VPC 주소를 줍니다). 새 파드는 새 주소를 받으므로, 클라이언트가 이 주소에 기대어서는 안 됩니다.

# %% [markdown]
# ## 유형별로 받는 것
#
# - **ClusterIP**: 클러스터 안에서만 접근할 수 있는 고정 가상 주소 하나. 모든 노드의 kube-proxy가 이
#   주소로 오는 트래픽을 서비스의 파드 중 하나로 보냅니다.
# - **NodePort**: ClusterIP가 받는 것에 더해, 30000-32767 범위의 포트 하나가 *모든* 노드에 열립니다.
# - **LoadBalancer**: NodePort가 받는 것에 더해, 클러스터 밖에 로드 밸런서가 생겨 그 노드 포트로
#   (또는 파드로 바로) 트래픽을 보냅니다.
#
# 그래서 LoadBalancer 서비스에도 nodePort와 ClusterIP가 있습니다. 각 열을 살펴봅니다.

# %%
print(
    ingresslab.table(
        cluster.services,
        "name",
        "type",
        "cluster_ip",
        ("node_port", lambda view: view.ports[0].node_port),
        "load_balancer.kind",
    )
)

# %% [markdown]
# ## 엔드포인트: 서비스 뒤에 있는 파드
#
# 서비스의 *엔드포인트(endpoint)* 는 레이블이 셀렉터와 맞는 준비(ready)된 파드이며, 각 엔드포인트에는
# 서비스의 `targetPort`를 해석한 포트가 붙습니다. 여기서 `targetPort: http`는 포트 번호가 아니라
# *이름*입니다. 각 엔드포인트의 포트는 `http`라는 이름의 컨테이너 포트, 즉 80입니다. 세 서비스 모두
# 같은 파드를 선택하므로 엔드포인트도 같습니다.


# %%
def endpoints(cluster: Cluster, name: str) -> list[str]:
    """The addresses behind the first port of the Service `name`."""
    view = cluster.service("default", name)
    assert view is not None, name
    return [endpoint.address for endpoint in cluster.endpoints(view, view.ports[0])]


print(
    ingresslab.table(cluster.services, "name", ("endpoints", lambda v: endpoints(cluster, v.name)))
)

# %% [markdown]
# 매니페스트를 고치면 엔드포인트가 따라 바뀝니다. 레플리카가 셋이면 엔드포인트도 셋이고, 셀렉터에 맞는
# 파드가 하나도 없으면(`app: helo`) 엔드포인트도 없어서, 서비스로 온 요청은 갈 곳이 없습니다.

# %%
THREE_REPLICAS = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 3
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
        - name: hello
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{name: http, containerPort: 80}]
"""
LONELY = """
apiVersion: v1
kind: Service
metadata: {name: lonely}
spec: {selector: {app: helo}, ports: [{port: 80, targetPort: http}]}
"""
scaled = Cluster.from_manifests(ingresslab.loads(THREE_REPLICAS + "---" + SERVICES))
lonely = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + LONELY))
print("3 replicas:", len(endpoints(scaled, "hello-lb")), "endpoints")
print("selector app=helo:", endpoints(lonely, "lonely"))

# %% [markdown]
# ## EKS에서 LoadBalancer 서비스가 받는 로드 밸런서
#
# 누가 그 서비스를 처리하느냐에 달려 있습니다.
#
# - **AWS Load Balancer Controller**는 `spec.loadBalancerClass: service.k8s.aws/nlb`가 지정되었거나
#   `service.beta.kubernetes.io/aws-load-balancer-type: external` 어노테이션이 붙은 서비스를 맡아
#   Network Load Balancer(NLB)를 만듭니다. 대상은 `instance`(노드 포트)이고,
#   `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip`를 지정하면 파드 IP가 대상이 됩니다.
# - 그 밖의 경우에는 레거시 **인트리(in-tree) 클라우드 프로바이더**가 처리합니다.
#   `aws-load-balancer-type: nlb`이면 NLB를, 그렇지 않으면 Classic Load Balancer를 만듭니다.
#
# 버전 2.5부터는 컨트롤러의 웹훅이 새로 만드는 LoadBalancer 서비스에 기본으로 `loadBalancerClass`를
# 설정합니다. 그래서 컨트롤러가 떠 있는 클러스터에서는 어노테이션이 없는 서비스도 결국 컨트롤러가 만든
# NLB를 받고([installation guide](https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/)),
# `service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing`으로 달리 지정하지 않는 한 그
# NLB는 `internal`입니다([Network Load Balancer](https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/)).
# 모델은 서비스에 적힌 그대로를 기준으로 답합니다.

# %%
VARIANTS = """
apiVersion: v1
kind: Service
metadata: {name: no-annotations}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata:
  name: in-tree-nlb
  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata:
  name: controller-nlb
  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: external}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata:
  name: controller-nlb-ip
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
"""
answers = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + VARIANTS))
print(
    ingresslab.table(
        answers.services,
        "name",
        "load_balancer.kind",
        "load_balancer.target_type",
        "load_balancer.provisioner",
    )
)

# %% [markdown]
# 답마다 그렇게 결정된 이유가, 결정을 내린 어노테이션과 함께 담겨 있습니다.

# %%
lb = answers.services[0].load_balancer
assert lb is not None
print(lb.reason)

# %% [markdown]
# ## 엔드포인트마다 LoadBalancer 서비스를 하나씩 두지 않는 이유
#
# LoadBalancer 서비스는 저마다 전용 로드 밸런서를 받고, 로드 밸런서마다 DNS 이름도 비용도 따로입니다.
# 게다가 NLB는 결코 호스트나 경로로 라우팅하지 않습니다. HTTP 요청을 읽지 않고 연결(TCP 또는 UDP이며,
# TLS를 종료할 수도 있습니다)을 전달할 뿐입니다(Elastic Load Balancing,
# [Listeners for your Network Load Balancers](https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html)).
# API가 많을 때 API마다 로드 밸런서를 하나씩 두면 관리하기 어렵습니다(AWS Containers 블로그,
# ["Exposing Kubernetes Applications, Part 1"](https://aws.amazon.com/blogs/containers/exposing-kubernetes-applications-part-1-service-and-ingress-resources/)).
# 인그레스(Ingress)는 로드 밸런서 하나를 여러 서비스 앞에 두고 호스트와 경로로 라우팅합니다.
# [이 사이트의 예제 인그레스](../../tutorials/your-first-ingress/#the-example-ingress) 뒤에 있는 서비스
# 네 개는 ALB 하나를 함께 씁니다.

# %%
home = ingresslab.load("../examples/some-ingress.yaml")
(alb,) = ingresslab.Engine(home).alb.load_balancers
services = sorted({group.backend.service for group in alb.target_groups})
print(f"1 ALB ({alb.name}) for {len(services)} Services: {services}")

# %% [markdown]
# ## 연습 문제
#
# 연습 문제마다 변수 하나를 설정하면, 바로 다음 셀이 모델과 비교해 답을 확인합니다. 노트북이 위에서
# 아래로 끝까지 실행되도록 정답이 미리 채워져 있습니다. 하나를 바꾸고 확인 셀을 실행해서 실패하는 것을
# 직접 확인해 보십시오.
#
# **연습 1.** `hello-lb`에 두 번째 포트 `{name: https, port: 443, targetPort: http}`를 추가합니다. 이
# 서비스는 노드 포트를 몇 개 받습니까? 그 수를 `node_ports`에 넣습니다.

# %%
node_ports = 2

# %%
TWO_PORTS = """
apiVersion: v1
kind: Service
metadata: {name: hello-lb}
spec:
  type: LoadBalancer
  selector: {app: hello}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: http}
"""
view = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + TWO_PORTS)).services[0]
allocated = [port.node_port for port in view.ports if port.node_port is not None]
assert node_ports == len(allocated), f"look at {view.ports}"
print("correct: one nodePort per Service port:", allocated)

# %% [markdown]
# **연습 2.** 어떤 LoadBalancer 서비스에 `service.beta.kubernetes.io/aws-load-balancer-type: nlb`
# 어노테이션 하나만 붙어 있습니다. 이 서비스는 어떤 종류의 로드 밸런서(`"nlb"` 또는 `"clb"`)를 받고,
# 누가 그것을 프로비저닝합니까(`"aws-load-balancer-controller"` 또는 `"in-tree cloud provider"`)?

# %%
kind = "nlb"
provisioner = "in-tree cloud provider"

# %%
in_tree = answers.service("default", "in-tree-nlb")
assert in_tree is not None and in_tree.load_balancer is not None
assert (kind, provisioner) == (in_tree.load_balancer.kind, in_tree.load_balancer.provisioner)
print("correct:", in_tree.load_balancer.reason)

# %% [markdown]
# **연습 3.** 디플로이먼트를 레플리카 5개로 늘립니다. `hello-clusterip`의 엔드포인트는 몇 개이고,
# 서로 다른 노드 몇 개에 흩어져 실행됩니까?

# %%
endpoint_count = 5
node_count = 3

# %%
FIVE_REPLICAS = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 5
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
        - name: hello
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{name: http, containerPort: 80}]
"""
five = Cluster.from_manifests(ingresslab.loads(FIVE_REPLICAS + "---" + SERVICES))
h = five.service("default", "hello-clusterip")
assert h is not None
five_endpoints = five.endpoints(h, h.ports[0])
assert endpoint_count == len(five_endpoints)
assert node_count == len({endpoint.pod.node for endpoint in five_endpoints})
print("correct: pods are spread over the three nodes in turn")

# %% [markdown]
# **연습 4.** 컨테이너 포트의 이름은 `http`입니다. 그런데 어떤 서비스가 `targetPort: web`을 지정했습니다.
# 이 서비스의 엔드포인트는 몇 개입니까?

# %%
web_endpoints = 0

# %%
WRONG_NAME = """
apiVersion: v1
kind: Service
metadata: {name: wrong}
spec: {selector: {app: hello}, ports: [{port: 80, targetPort: web}]}
"""
wrong_cluster = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + WRONG_NAME))
assert web_endpoints == len(endpoints(wrong_cluster, "wrong"))
print("correct: a named targetPort must match a container port's name, or the pod is skipped")

# %% [markdown]
# ## 다음 단계
#
# 이 실습은 [파드에서 로드 밸런서까지](../../tutorials/from-pod-to-load-balancer/)를 직접 해 보는
# 곳입니다. 노드에서 일어나는 일, 즉 kube-proxy가 엔드포인트를 고르는 방법과 `externalTrafficPolicy`가
# 바꾸는 것은 [서비스 유형과 kube-proxy](../../explanation/service-types-and-kube-proxy/)에서
# 설명합니다.
