// sql-formatter: pretty-print SQL in several dialects and styles.
import { format } from 'sql-formatter';

const query = "select u.id,u.name,count(o.id) as orders,sum(o.total) total from users u left join orders o on o.user_id=u.id and o.status in ('paid','shipped') where u.created_at>='2024-01-01' and (u.email like '%@example.com' or u.vip=true) group by u.id,u.name having count(o.id)>3 order by total desc nulls last limit 10 offset 20; insert into t(a,b) values (1,'x'),(2,'y'); update t set a=a+1 where b is not null; with recursive cte(n) as (select 1 union all select n+1 from cte where n<5) select * from cte;";
console.log(format(query));
console.log('---');
console.log(format(query, { language: 'postgresql', keywordCase: 'upper', tabWidth: 4, logicalOperatorNewline: 'before', expressionWidth: 40 }));
console.log('---');
console.log(format('SELECT a, b FROM t WHERE x = ? AND y = ? OR z IN (?, ?)', { params: ["'first'", '2', '3', "'last'"], keywordCase: 'lower' }));
console.log(format('SELECT * FROM t WHERE id = :id AND name = :name', { language: 'sqlite', params: { id: '42', name: "'ann'" } }));
console.log('---');
console.log(format('CREATE TABLE `items` (`id` INT AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(255) NOT NULL DEFAULT "", KEY `idx` (`name`)) ENGINE=InnoDB;', { language: 'mysql', indentStyle: 'tabularLeft' }));
console.log('---');
console.log(format("SELECT TOP 5 [Name], CASE WHEN [Qty] > 10 THEN 'many' WHEN [Qty] > 0 THEN 'some' ELSE 'none' END AS amount FROM [dbo].[Stock] /* comment */ -- trailing\nWHERE [Date] BETWEEN @from AND @to", { language: 'tsql', denseOperators: true, newlineBeforeSemicolon: true }));
try {
  format('SELECT (', { language: 'sql' });
  console.log('unbalanced: formatted');
} catch (e) {
  console.log(`unbalanced: ${e.constructor.name}`);
}
